package sync

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	gosync "sync"
	"unicode/utf8"
)

// GzipPool keeps gzip writers of one compression level for reuse: a new
// one allocates about a megabyte of compression tables, which under many
// concurrent requests costs more than the compression itself.
type GzipPool struct {
	level int
	pool  gosync.Pool
}

// Get returns a pooled gzip writer writing to w; give it back with Put
// after Close.
func (p *GzipPool) Get(w io.Writer) *gzip.Writer {
	if gz, ok := p.pool.Get().(*gzip.Writer); ok {
		gz.Reset(w)
		return gz
	}
	gz, err := gzip.NewWriterLevel(w, p.level)
	if err != nil {
		panic(err) // the levels below are valid
	}
	return gz
}

// Put gives a gzip writer back to the pool.
func (p *GzipPool) Put(gz *gzip.Writer) {
	gz.Reset(io.Discard)
	p.pool.Put(gz)
}

// RequestGzip compresses what a laptop sends (small pushes, compressed
// hard: the laptop's link may be slow). ReplyGzip compresses the server's
// answers at the fastest level: on a page of pulled changes it is about
// four times faster than the default level for about a quarter more bytes,
// and the server's CPU is what 200 devices syncing at once wait for.
var (
	RequestGzip = &GzipPool{level: gzip.DefaultCompression}
	ReplyGzip   = &GzipPool{level: gzip.BestSpeed}
)

// gzipReaders keeps gzip readers for reuse: a new one allocates its
// decompressor's window and tables, tens of kilobytes, per request.
var gzipReaders gosync.Pool

// GetGzipReader returns a pooled gzip reader reading r; give it back with
// PutGzipReader once read.
func GetGzipReader(r io.Reader) (*gzip.Reader, error) {
	if zr, ok := gzipReaders.Get().(*gzip.Reader); ok {
		if err := zr.Reset(r); err != nil {
			return nil, err
		}
		return zr, nil
	}
	return gzip.NewReader(r)
}

// PutGzipReader gives a gzip reader back to the pool.
func PutGzipReader(zr *gzip.Reader) {
	if zr != nil {
		gzipReaders.Put(zr)
	}
}

// maxPooledBuffer is the largest buffer kept for reuse: a first sync's
// pages are megabytes, and one such buffer need not stay in memory.
const maxPooledBuffer = 1 << 20

// PutBuffer gives a buffer back to Buffers unless it grew too large.
func PutBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledBuffer {
		buf.Reset()
		Buffers.Put(buf)
	}
}

// Buffers keeps reply buffers for reuse.
var Buffers = gosync.Pool{New: func() any { return new(bytes.Buffer) }}

// minGzip is the smallest reply worth compressing: below it gzip's header
// and tables outweigh what it saves.
const minGzip = 1024

// WriteJSON answers with v, gzipped when the client accepts it and the
// reply is large enough to gain from it.
func WriteJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	buf := Buffers.Get().(*bytes.Buffer)
	defer PutBuffer(buf)
	if pr, ok := v.(PullReply); ok {
		AppendPullReply(buf, pr)
	} else if err := json.NewEncoder(buf).Encode(v); err != nil {
		http.Error(w, "the server could not encode its answer", http.StatusInternalServerError)
		return
	}
	writeBody(w, r, status, buf.Bytes())
}

// writeBody sends a JSON body, gzipped when the client accepts it and the
// body is at least minGzip bytes.
func writeBody(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	if len(body) >= minGzip && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(status)
		gz := ReplyGzip.Get(w)
		gz.Write(body)
		gz.Close()
		ReplyGzip.Put(gz)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// AppendPullReply writes a pull reply as JSON, the same document
// encoding/json makes of it, without reflection and without validating the
// fields of each change again: the server wrote them itself with
// json.Marshal.
func AppendPullReply(buf *bytes.Buffer, pr PullReply) {
	buf.WriteString(`{"scopes":[`)
	for i, p := range pr.Scopes {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`{"scope":`)
		appendJSONString(buf, p.Scope)
		buf.WriteString(`,"changes":[`)
		for j, c := range p.Changes {
			if j > 0 {
				buf.WriteByte(',')
			}
			buf.WriteString(`{"seq":`)
			buf.WriteString(strconv.FormatInt(c.Seq, 10))
			buf.WriteString(`,"table":`)
			appendJSONString(buf, c.Table)
			buf.WriteString(`,"row":`)
			appendJSONString(buf, c.Row)
			buf.WriteString(`,"fields":`)
			if len(c.Fields) == 0 {
				buf.WriteString("null")
			} else {
				buf.Write(c.Fields)
			}
			buf.WriteByte('}')
		}
		buf.WriteString(`],"next_after":`)
		buf.WriteString(strconv.FormatInt(p.NextAfter, 10))
		buf.WriteString(`,"has_more":`)
		buf.WriteString(strconv.FormatBool(p.HasMore))
		buf.WriteByte('}')
	}
	buf.WriteString(`],"server_time":`)
	appendJSONString(buf, pr.ServerTime)
	buf.WriteString("}\n")
}

// appendJSONString writes s as a JSON string.
func appendJSONString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			buf.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				buf.WriteByte('\\')
				buf.WriteByte(c)
			case '\n':
				buf.WriteString(`\n`)
			case '\r':
				buf.WriteString(`\r`)
			case '\t':
				buf.WriteString(`\t`)
			default:
				buf.WriteString(`\u00`)
				buf.WriteByte("0123456789abcdef"[c>>4])
				buf.WriteByte("0123456789abcdef"[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			buf.WriteString(s[start:i])
			if r == utf8.RuneError {
				buf.WriteString(`\ufffd`)
			} else {
				buf.WriteString(`\u202`)
				buf.WriteByte("0123456789abcdef"[r&0xf])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	buf.WriteString(s[start:])
	buf.WriteByte('"')
}
