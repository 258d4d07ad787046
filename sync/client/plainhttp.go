package client

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// ErrPlainHTTP refuses a server address that would send the password or
// the device's token unencrypted over a network: plain http:// is only for
// a server on this computer.
var ErrPlainHTTP = errors.New("the county server's address must start with https:// (plain http:// only for a server on this computer)")

// CheckServerURL accepts an https:// address, or an http:// one whose host
// is this computer (localhost, 127.0.0.0/8 or ::1).
func CheckServerURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("%w: %q is not a web address", ErrPlainHTTP, raw)
	}
	if u.Scheme == "http" && !loopbackHost(u.Hostname()) {
		return ErrPlainHTTP
	}
	return nil
}

// loopbackHost reports whether host names this computer.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// guarded returns hc, or a copy of it that follows no redirect to a plain
// http:// address off this computer: a request is checked before it is
// sent, and so is every place it is redirected to.
func guarded(hc *http.Client) *http.Client {
	c := *hc
	next := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := CheckServerURL(req.URL.String()); err != nil {
			return err
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &c
}

// send checks req's address and sends it with hc.
func send(hc *http.Client, req *http.Request) (*http.Response, error) {
	if err := CheckServerURL(req.URL.String()); err != nil {
		return nil, err
	}
	return guarded(hc).Do(req)
}
