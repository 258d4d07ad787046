package synctest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	stdsync "sync"
	"testing"
)

// Each fault does to the request and its reply what its name says, as the
// server and the client see it.
func TestFlakyFaultsDoWhatTheySay(t *testing.T) {
	var mu stdsync.Mutex
	var received []string // bodies the server read whole; "cut" for one it could not
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		mu.Lock()
		if err != nil {
			received = append(received, "cut")
		} else {
			received = append(received, string(b))
		}
		mu.Unlock()
		w.Write(bytes.Repeat([]byte("reply to "+string(b)+"; "), 200))
	}))
	defer target.Close()
	f := NewFlaky(t, target.URL, 1, 1) // every request spoiled, the faults in turn
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	send := func(body string) (reply string, err error) {
		resp, err := hc.Post(f.URL+"/v1/push", "application/json", bytes.NewReader([]byte(body)))
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}
	fullReply := func(body string) string { return string(bytes.Repeat([]byte("reply to "+body+"; "), 200)) }
	for i, c := range []struct {
		fault    Fault
		body     string
		received []string // what the server read, in order
		failed   bool     // the client gets an error
	}{
		{FaultRefused, "a", nil, true},
		{FaultCutRequest, "bbbbbbbb", []string{"cut"}, true},
		{FaultLostReply, "c", []string{"c"}, true},
		{FaultCutReply, "d", []string{"d"}, true},
		{FaultDuplicate, "e", []string{"e", "e"}, false},
		{FaultStale, "f", []string{"e", "f"}, false},
	} {
		mu.Lock()
		received = nil
		mu.Unlock()
		reply, err := send(c.body)
		if failed := err != nil; failed != c.failed {
			t.Errorf("%s: client error %v, want failure %v", c.fault, err, c.failed)
		}
		if !c.failed && reply != fullReply(c.body) {
			t.Errorf("%s: the client got %.40q..., not the reply to its own request", c.fault, reply)
		}
		mu.Lock()
		got := received
		mu.Unlock()
		if len(got) != len(c.received) || (len(got) > 0 && got[0] != c.received[0]) || (len(got) > 1 && got[1] != c.received[1]) {
			t.Errorf("%s: the server read %q, want %q", c.fault, got, c.received)
		}
		if seen := f.Seen()[c.fault]; seen != 1 {
			t.Errorf("request %d: %s seen %d times, want 1", i, c.fault, seen)
		}
	}
}
