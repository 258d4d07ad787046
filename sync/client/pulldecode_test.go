package client

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"trellis/sync"
)

// samplePull is a reply as the server writes it, with values of every kind.
func samplePull(t testing.TB) []byte {
	stamp := "01a207d0958600000123456789abcdef"
	fields := func(m map[string]sync.Field) json.RawMessage {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	p := sync.PullReply{Scopes: []sync.ScopePage{
		{Scope: sync.ScopeOrg, NextAfter: 9, HasMore: true, Changes: []sync.Change{
			{Seq: 7, Table: "households", Row: "01a207d0-9586-7e7a-aec6-99e3997e8f09", Fields: fields(map[string]sync.Field{
				"name":    {Value: "Nguyễn Thị \"Lan\" <& co>", HLC: stamp},
				"notes":   {Value: "line one\nline two\t\u2028", HLC: stamp},
				"kids":    {Value: 2.5e-3, HLC: stamp},
				"deleted": {Value: 1, HLC: stamp, Was: "01a207d0958600000123456789abcdee"},
				"consent": {Value: true, HLC: stamp},
				"ok":      {Value: false, HLC: stamp},
				"lat":     {Value: nil, HLC: stamp},
				"neg":     {Value: -12, HLC: stamp},
			})},
			{Seq: 9, Table: "dir_services", Row: "01a207d0-9586-7e7a-aec6-99e3997e8f0a", Fields: fields(map[string]sync.Field{
				"name": {Value: "خدمة الأسرة", HLC: stamp},
			})},
		}},
		{Scope: sync.ScopePublic, Changes: []sync.Change{}, NextAfter: 3},
	}, ServerTime: stamp}
	var buf bytes.Buffer
	sync.AppendPullReply(&buf, p)
	return buf.Bytes()
}

// decodeBoth decodes b with decodePulled and with encoding/json as the
// client did before.
func decodeBoth(b []byte) (fast, slow PulledReply, fastErr, slowErr error) {
	fastErr = decodePulled(b, &fast)
	slowErr = json.NewDecoder(bytes.NewReader(b)).Decode(&slow)
	return
}

func TestPullRepliesDecodeAsEncodingJSONDecodesThem(t *testing.T) {
	sample := samplePull(t)
	var r PulledReply
	if err := (&pullDecoder{b: sample}).reply(&r); err != nil {
		t.Fatalf("the fast pass refused the server's own reply: %v", err)
	}
	for _, body := range []string{
		string(sample),
		" \n" + string(sample) + "\n\n",
		// Forms the fast pass leaves to encoding/json.
		`{"scopes":[],"server_time":"x","extra":{"a":[1,2]}}`,
		`{"Scopes":[{"scope":"org","changes":[]}],"server_time":"x"}`,
		`{"scopes":null,"server_time":"x"}`,
		`{"scopes":[{"scope":"org","changes":[{"seq":1,"table":"t","row":"r","fields":{"a":{"value":{"nested":true},"hlc":"h"}}}]}],"server_time":"x"}`,
		`{"scopes":[{"scope":"org","changes":[{"seq":1,"table":"t","row":"r","fields":{"a":{"value":1,"hlc":"h"},"a":{"hlc":"g"}}}]}],"server_time":"x"}`,
		`{"scopes":[{"scope":"org","changes":[{"seq":1,"seq":2,"table":"t","row":"r","fields":{}}]}],"server_time":"x"}`,
		`{"scopes":[{"scope":"org","changes":[{"seq":1,"table":"t","row":"r","fields":{"\u0061":{"value":"\ud83d\ude00","hlc":null}}}]}],"server_time":"x"}`,
		`{"scopes":[{"scope":"org","changes":[],"next_after":1.5}],"server_time":"x"}`,
		`{"scopes":[{"scope":"org","changes":[{"seq":1,"table":"t","row":"r","fields":{"a":{"value":1e999}}}]}],"server_time":"x"}`,
		`{"scopes":[{"scope":"org\xff"}],"server_time":"x"}`,
		`{"scopes":[],"server_time":"x"} trailing`,
		// Damaged.
		string(sample[:len(sample)/2]),
		`{"scopes":[{"scope":"org","changes":[{"seq":01}]}]}`,
		`{"scopes":[{"scope":"org","has_more":tru}]}`,
		``,
	} {
		fast, slow, fastErr, slowErr := decodeBoth([]byte(body))
		if (fastErr == nil) != (slowErr == nil) || !reflect.DeepEqual(fast, slow) {
			t.Errorf("%.80s:\nfast %+v (%v)\nencoding/json %+v (%v)", body, fast, fastErr, slow, slowErr)
		}
	}
}

// The decoded reply keeps nothing of the buffer it was decoded from: the
// client reads replies into buffers it reuses for the next reply.
func TestDecodedPullOutlivesItsBuffer(t *testing.T) {
	sample := samplePull(t)
	var want PulledReply
	if err := json.Unmarshal(sample, &want); err != nil {
		t.Fatal(err)
	}
	buf := bytes.Clone(sample)
	var got PulledReply
	if err := decodePulled(buf, &got); err != nil {
		t.Fatal(err)
	}
	for i := range buf {
		buf[i] = 'x' // the next reply overwrites the buffer
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the reply changed with its buffer:\n got %+v\nwant %+v", got, want)
	}
}

func FuzzDecodePulled(f *testing.F) {
	f.Add(samplePull(f))
	f.Add([]byte(`{"scopes":[{"scope":"org","changes":[{"seq":1,"table":"t","row":"r","fields":{"a":{"value":-0.5e+2,"hlc":"h","was":"w"}}}],"next_after":1,"has_more":false}],"server_time":"x"}`))
	f.Add([]byte(`{"scopes":[],"server_time":"a\"b"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		fast, slow, fastErr, slowErr := decodeBoth(body)
		if (fastErr == nil) != (slowErr == nil) || !reflect.DeepEqual(fast, slow) {
			t.Fatalf("fast %+v (%v)\nencoding/json %+v (%v)", fast, fastErr, slow, slowErr)
		}
	})
}
