package sync

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// TestPullReplyEncodingMatchesEncodingJSON checks the hand-written pull
// reply encoder against encoding/json on strings that need escaping.
func TestPullReplyEncodingMatchesEncodingJSON(t *testing.T) {
	odd := []string{"", "plain", `quote " and \ backslash`, "tab\tnew\nline\rret", "\x00\x01\x1f ctl", "<>&",
		"ñandú 漢字 🙂", "bad \xff utf8 \xe2\x82", "line\u2028para\u2029sep", "\u007f del"}
	var pr PullReply
	for i, s := range odd {
		fields, err := json.Marshal(map[string]Field{"name": {Value: s, HLC: "0000000001-0000-abcdef0123456789"}, s: {Value: float64(i)}})
		if err != nil {
			t.Fatal(err)
		}
		pr.Scopes = append(pr.Scopes, ScopePage{Scope: s, NextAfter: int64(i) << 40, HasMore: i%2 == 0,
			Changes: []Change{{Seq: int64(i), Table: s, Row: s + "row", Fields: fields}, {Seq: -1, Table: "t", Row: "r"}}})
	}
	pr.Scopes = append(pr.Scopes, ScopePage{Scope: ScopeOrg, Changes: []Change{}})
	pr.ServerTime = "server \"time\""
	want, err := json.Marshal(pr)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	AppendPullReply(&buf, pr)
	var got, exp any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("the encoder wrote invalid JSON: %v\n%s", err, buf.String())
	}
	json.Unmarshal(want, &exp)
	if !reflect.DeepEqual(got, exp) {
		t.Fatalf("encoded differently:\n got %s\nwant %s", buf.String(), want)
	}
}

// TestSmallRepliesAreNotGzipped checks that WriteJSON compresses only
// replies worth it, and that both kinds decode.
func TestSmallRepliesAreNotGzipped(t *testing.T) {
	for _, tc := range []struct {
		v    any
		gzip bool
	}{
		{PushReply{AckedMID: 5, Rejected: []Rejected{}, Conflicts: []string{}}, false},
		{PushReply{AckedMID: 5, Conflicts: []string{strings.Repeat("c", 2000)}}, true},
	} {
		r := httptest.NewRequest(http.MethodPost, "/v1/push", nil)
		r.Header.Set("Accept-Encoding", "gzip")
		w := httptest.NewRecorder()
		WriteJSON(w, r, http.StatusOK, tc.v)
		var rd io.Reader = w.Body
		if got := w.Header().Get("Content-Encoding") == "gzip"; got != tc.gzip {
			t.Fatalf("gzip = %v, want %v", got, tc.gzip)
		}
		if tc.gzip {
			zr, err := gzip.NewReader(rd)
			if err != nil {
				t.Fatal(err)
			}
			rd = zr
		}
		var back PushReply
		if err := json.NewDecoder(rd).Decode(&back); err != nil || back.AckedMID != 5 {
			t.Fatalf("decoded %+v, %v", back, err)
		}
	}
}
