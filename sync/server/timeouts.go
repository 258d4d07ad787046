package server

import (
	"io"
	"net/http"
	"time"
)

// Timeouts bound how long a connection may hold the server without
// sending: a client that trickles its headers or body (a byte every few
// seconds) is cut off instead of keeping a connection and a goroutine for
// as long as it likes.
type Timeouts struct {
	// Header is how long a request's headers may take to arrive.
	Header time.Duration
	// Idle is how long a kept-alive connection may wait for its next
	// request.
	Idle time.Duration
	// BodyGrace is how long a request body may take on top of what
	// BodyRate allows.
	BodyGrace time.Duration
	// BodyRate is the slowest average a body must keep up, in bytes a
	// second: a 256 MiB attachment on a slow line still arrives (and a cut
	// upload resumes), a trickle does not.
	BodyRate int64
}

// DefaultTimeouts are the county server's.
var DefaultTimeouts = Timeouts{Header: 10 * time.Second, Idle: time.Minute, BodyGrace: 30 * time.Second, BodyRate: 4 << 10}

// NewHTTPServer returns the http.Server that serves h with timeouts t
// (the zero Timeouts means DefaultTimeouts).
func NewHTTPServer(h http.Handler, t Timeouts) *http.Server {
	if t == (Timeouts{}) {
		t = DefaultTimeouts
	}
	return &http.Server{
		Handler:           bodyDeadlines(h, t),
		ReadHeaderTimeout: t.Header,
		IdleTimeout:       t.Idle,
		// No ReadTimeout: one fixed bound would cut large attachments on
		// slow lines; bodyDeadlines bounds bodies by their rate instead.
	}
}

// bodyDeadlines gives every read of a request body a deadline that moves
// on as its bytes arrive: BodyGrace from the start, plus the time BodyRate
// takes for what was read. A body that falls behind ends with a read error
// and the connection is closed.
func bodyDeadlines(h http.Handler, t Timeouts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			rc := http.NewResponseController(w)
			start := time.Now()
			r.Body = &deadlineBody{ReadCloser: r.Body, rc: rc, start: start, t: t}
		}
		h.ServeHTTP(w, r)
		// What the handler left of the body is read (or not) by the
		// http.Server after this: that too within BodyGrace.
		http.NewResponseController(w).SetReadDeadline(time.Now().Add(t.BodyGrace))
	})
}

// deadlineBody moves its connection's read deadline on as bytes arrive.
type deadlineBody struct {
	io.ReadCloser
	rc    *http.ResponseController
	start time.Time
	t     Timeouts
	read  int64
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	earned := time.Duration(0)
	if b.t.BodyRate > 0 {
		earned = time.Duration(float64(b.read) / float64(b.t.BodyRate) * float64(time.Second))
	}
	b.rc.SetReadDeadline(b.start.Add(b.t.BodyGrace + earned))
	n, err := b.ReadCloser.Read(p)
	b.read += int64(n)
	// Between reads the handler works without a deadline (the server's
	// own read of the connection after the body must not time out while
	// a long request is being answered).
	b.rc.SetReadDeadline(time.Time{})
	return n, err
}
