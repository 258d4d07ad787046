package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"trellis/data/store"
	"trellis/sync/server/countydb"
	"trellis/sync/server/dbtest"
)

// slowServer is a county server behind NewHTTPServer with short timeouts.
func slowServer(t *testing.T) *httptest.Server {
	t.Helper()
	st, err := countydb.Open(ctx, dbtest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := NewServer(st, ServerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(nil)
	hs.Config = NewHTTPServer(srv, Timeouts{Header: 500 * time.Millisecond, Idle: 500 * time.Millisecond, BodyGrace: 500 * time.Millisecond, BodyRate: 200})
	hs.Start()
	t.Cleanup(func() { hs.Close(); st.Close() })
	return hs
}

// trickle writes s a byte at a time every gap until the server closes the
// connection; it returns how many bytes went out. The connection gives up
// (failing the test) after 20 s.
func trickle(t *testing.T, conn net.Conn, s string, gap time.Duration) int {
	t.Helper()
	closed := make(chan struct{})
	go func() {
		io.Copy(io.Discard, conn) // ends when the server closes
		close(closed)
	}()
	giveUp := time.After(20 * time.Second)
	for i := 0; i < len(s); i++ {
		if _, err := conn.Write([]byte{s[i]}); err != nil {
			return i
		}
		select {
		case <-closed:
			return i + 1
		case <-giveUp:
			t.Fatalf("the server still reads a trickle after %d bytes", i+1)
		case <-time.After(gap):
		}
	}
	select {
	case <-closed:
	case <-giveUp:
		t.Fatal("the server kept the connection")
	}
	return len(s)
}

// A client that sends its headers or its body a byte at a time is cut off;
// so is a kept-alive connection left idle.
func TestSlowClientsAreCutOff(t *testing.T) {
	hs := slowServer(t)
	addr := strings.TrimPrefix(hs.URL, "http://")
	dial := func() net.Conn {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}

	t.Run("headers", func(t *testing.T) {
		head := "POST /v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\nX-Padding: " + strings.Repeat("a", 400) + "\r\n\r\n"
		if n := trickle(t, dial(), head, 100*time.Millisecond); n == len(head) {
			t.Fatalf("the server read all %d bytes of trickled headers", n)
		}
	})
	t.Run("body", func(t *testing.T) {
		body := strings.Repeat(" ", 400)
		conn := dial()
		if _, err := io.WriteString(conn, "POST /v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		if n := trickle(t, conn, body, 100*time.Millisecond); n == len(body) {
			t.Fatalf("the server read all %d bytes of a trickled body", n)
		}
	})
	t.Run("idle", func(t *testing.T) {
		conn := dial()
		if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		rd := bufio.NewReader(conn)
		resp, err := http.ReadResponse(rd, nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		conn.SetReadDeadline(time.Now().Add(20 * time.Second))
		if _, err := rd.ReadByte(); err != io.EOF {
			t.Fatalf("an idle connection was not closed by the server: %v", err)
		}
	})
}

// A body that keeps up the rate arrives whole, however long it takes
// beyond the grace period.
func TestSteadyBodyIsRead(t *testing.T) {
	hs := slowServer(t)
	pr, pw := io.Pipe()
	go func() {
		// 3000 bytes at about 1500 a second: twice the grace period.
		for i := 0; i < 30; i++ {
			pw.Write([]byte(strings.Repeat(" ", 100)))
			time.Sleep(65 * time.Millisecond)
		}
		fmt.Fprintf(pw, `{"user":"nobody","password":"not the password","node":"0123456789abcdef","device_name":"d","schema_ver":%d}`, store.SchemaVersion())
		pw.Close()
	}()
	req, err := http.NewRequest(http.MethodPost, hs.URL+"/v1/enroll", pr)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	// The body was read to its end: the server answers about the request
	// itself (an unknown user), not a cut body.
	if resp.StatusCode != http.StatusUnauthorized {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d: %s", resp.StatusCode, b)
	}
}
