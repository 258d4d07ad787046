package synctest

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	stdsync "sync"
	"testing"
	"time"
)

// Fault is one way Flaky spoils a request.
type Fault string

// The faults Flaky injects.
const (
	// FaultRefused: the connection drops before the request reaches the
	// server.
	FaultRefused Fault = "refused"
	// FaultCutRequest: the request's body is cut mid-stream on its way
	// to the server.
	FaultCutRequest Fault = "cut request"
	// FaultLostReply: the server handles the request and its reply is
	// lost.
	FaultLostReply Fault = "lost reply"
	// FaultCutReply: the reply's body is cut mid-stream.
	FaultCutReply Fault = "cut reply"
	// FaultDuplicate: the request reaches the server twice; the client
	// gets the second reply.
	FaultDuplicate Fault = "duplicate"
	// FaultStale: the previous request to the same address reaches the
	// server again, out of order, before this one.
	FaultStale Fault = "stale"
)

// Faults are all the faults, in the order Flaky chooses among them.
var Faults = []Fault{FaultRefused, FaultCutRequest, FaultLostReply, FaultCutReply, FaultDuplicate, FaultStale}

// Flaky is a proxy in front of a sync server whose connection fails as a
// bad one does. A seeded random source chooses which requests to spoil,
// and the faults take turns, so requests made one after another meet the
// same faults each run, and every kind once six requests are spoiled.
type Flaky struct {
	// URL is the proxy's address, to enrol with instead of the server's.
	URL string

	target  string
	mu      stdsync.Mutex
	rng     *rand.Rand
	rate    float64
	last    map[string][]byte // the previous body sent to each path
	spoiled int               // requests spoiled so far
	seen    map[Fault]int
}

// NewFlaky starts a proxy to the server at target that spoils about the
// given share of requests (0 to 1), chosen by seed. It stops when the test
// ends.
func NewFlaky(t testing.TB, target string, seed uint64, rate float64) *Flaky {
	t.Helper()
	f := &Flaky{target: strings.TrimRight(target, "/"), rng: rand.New(rand.NewPCG(seed, seed^0x5eed)),
		rate: rate, last: map[string][]byte{}, seen: map[Fault]int{}}
	hs := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(hs.Close)
	f.URL = hs.URL
	return f
}

// Seen returns how many times each fault has been injected.
func (f *Flaky) Seen() map[Fault]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	seen := make(map[Fault]int, len(f.seen))
	for k, v := range f.seen {
		seen[k] = v
	}
	return seen
}

// choose picks the fault for a request to path with body ("" for none)
// and, for FaultStale, the earlier body to send first.
func (f *Flaky) choose(path string, body []byte) (Fault, []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	prev := f.last[path]
	f.last[path] = body
	if f.rng.Float64() >= f.rate {
		return "", nil
	}
	fault := Faults[f.spoiled%len(Faults)]
	f.spoiled++
	if fault == FaultStale && prev == nil {
		fault = FaultDuplicate
	}
	f.seen[fault]++
	return fault, prev
}

func (f *Flaky) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	fault, prev := f.choose(r.URL.Path, body)
	switch fault {
	case FaultRefused:
		panic(http.ErrAbortHandler) // net/http drops the connection
	case FaultCutRequest:
		f.cutRequest(r, body)
		panic(http.ErrAbortHandler)
	case FaultDuplicate:
		f.forward(r, body)
	case FaultStale:
		f.forward(r, prev)
	}
	resp, reply, err := f.forward(r, body)
	if err != nil || fault == FaultLostReply {
		panic(http.ErrAbortHandler)
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	if fault == FaultCutReply {
		w.Header().Set("Content-Length", strconv.Itoa(len(reply)))
		w.WriteHeader(resp.StatusCode)
		w.Write(reply[:len(reply)/2])
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	}
	w.WriteHeader(resp.StatusCode)
	w.Write(reply)
}

// forward sends body to the server as r was sent and returns the reply
// read whole.
func (f *Flaky) forward(r *http.Request, body []byte) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(r.Context(), r.Method, f.target+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header = r.Header.Clone()
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(resp.Body)
	return resp, reply, err
}

// cutRequest sends the server r's headers, saying the body is whole, and
// half the body, then ends the connection's sending side and waits for
// the server to give up on it. (net/http's client will not send a body
// shorter than it says.)
func (f *Flaky) cutRequest(r *http.Request, body []byte) {
	u, err := url.Parse(f.target)
	if err != nil {
		return
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		return
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	var head bytes.Buffer
	fmt.Fprintf(&head, "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n", r.Method, r.URL.RequestURI(), u.Host, len(body))
	for k, vs := range r.Header {
		for _, v := range vs {
			fmt.Fprintf(&head, "%s: %s\r\n", k, v)
		}
	}
	head.WriteString("\r\n")
	head.Write(body[:len(body)/2])
	if _, err := conn.Write(head.Bytes()); err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	io.Copy(io.Discard, conn) // until the server answers and closes
}
