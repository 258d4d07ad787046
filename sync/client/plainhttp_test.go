package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"trellis/data/store"
)

func TestCheckServerURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://county.example.org":    true,
		"https://10.1.2.3:8443/":        true,
		"http://127.0.0.1:8443":         true,
		"http://127.9.9.9":              true,
		"http://localhost:8443":         true,
		"http://[::1]:8443":             true,
		"http://county.example.org":     false,
		"http://10.1.2.3:8443":          false,
		"http://localhost.example.org/": false,
		"http://[::2]:8443":             false,
		"ftp://county.example.org":      false,
		"county.example.org":            false,
	} {
		err := CheckServerURL(raw)
		if (err == nil) != ok || err != nil && !errors.Is(err, ErrPlainHTTP) {
			t.Errorf("CheckServerURL(%q) = %v", raw, err)
		}
	}
}

// The password never leaves over plain HTTP for another computer: not
// when the address says so, and not when a server on this computer
// redirects there.
func TestEnrollRefusesPlainHTTPOffThisComputer(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// 192.0.2.1 is a documentation address nothing answers at.
	if _, err := Enroll(ctx, st, nil, "http://192.0.2.1:8443", "amina", "password-amina", "laptop"); !errors.Is(err, ErrPlainHTTP) {
		t.Fatalf("enrolling over plain HTTP with another computer: %v, want ErrPlainHTTP", err)
	}
	near := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://192.0.2.1:8443/v1/enroll", http.StatusTemporaryRedirect)
	}))
	defer near.Close()
	if _, err := Enroll(ctx, st, nil, near.URL, "amina", "password-amina", "laptop"); !errors.Is(err, ErrPlainHTTP) {
		t.Fatalf("a redirect to plain HTTP on another computer: %v, want ErrPlainHTTP", err)
	}
}
