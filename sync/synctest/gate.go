package synctest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	stdsync "sync"
	"testing"
)

// Gate is a proxy in front of a sync server that makes a sync slow on
// demand: it caps the changes per pull page and can hold pull requests
// until the test lets them go, so a test sees a sync part-way through.
type Gate struct {
	// URL is the proxy's address, to enrol with instead of the server's.
	URL string

	target    string
	pullLimit int
	mu        stdsync.Mutex
	free      int           // pulls to let through before holding (<0: all)
	open      chan struct{} // closed by Release
	held      chan struct{} // receives when a pull is held
}

// NewGate starts a proxy to the server at target whose pull pages carry
// at most pullLimit changes (0: as the client asks). It stops when the
// test ends.
func NewGate(t testing.TB, target string, pullLimit int) *Gate {
	t.Helper()
	g := &Gate{target: strings.TrimRight(target, "/"), pullLimit: pullLimit, free: -1,
		open: make(chan struct{}), held: make(chan struct{}, 16)}
	close(g.open)
	hs := httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(hs.Close)
	g.URL = hs.URL
	return g
}

// HoldAfter lets the next n pull requests through and holds the ones
// after them until Release.
func (g *Gate) HoldAfter(n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.free = n
	g.open = make(chan struct{})
}

// Release lets held and future pull requests through.
func (g *Gate) Release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.free = -1
	select {
	case <-g.open:
	default:
		close(g.open)
	}
}

// Held receives each time a pull request is held.
func (g *Gate) Held() <-chan struct{} { return g.held }

// pass says whether a pull may go on now, and what to wait for if not.
func (g *Gate) pass() (bool, <-chan struct{}) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.free < 0 {
		return true, nil
	}
	if g.free > 0 {
		g.free--
		return true, nil
	}
	return false, g.open
}

func (g *Gate) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.URL.Path == "/v1/pull" {
		if ok, open := g.pass(); !ok {
			select {
			case g.held <- struct{}{}:
			default:
			}
			select {
			case <-open:
			case <-r.Context().Done():
				return // the client gave up (the sync was stopped)
			}
		}
		if g.pullLimit > 0 {
			body = limitPull(body, r.Header.Get("Content-Encoding") == "gzip", g.pullLimit)
		}
	}
	req, err := http.NewRequestWithContext(r.Context(), r.Method, g.target+r.URL.Path, bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header = r.Header.Clone()
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

// limitPull rewrites a pull request's limit; a body it cannot read passes
// unchanged.
func limitPull(body []byte, gzipped bool, limit int) []byte {
	raw := body
	if gzipped {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return body
		}
		if raw, err = io.ReadAll(zr); err != nil {
			return body
		}
	}
	var req map[string]any
	if json.Unmarshal(raw, &req) != nil {
		return body
	}
	req["limit"] = limit
	out, err := json.Marshal(req)
	if err != nil {
		return body
	}
	if !gzipped {
		return out
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(out)
	zw.Close()
	return buf.Bytes()
}
