package sync

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestPullReplyEncodesAsEncodingJSONDoes(t *testing.T) {
	// Fields as the server stores them (json.Marshal).
	fields, err := json.Marshal(map[string]Field{"name": {Value: "Nguyen <Tran> & \"co\"", HLC: "0000000000640000aaaaaaaaaaaaaaaa"}, "kids": {Value: 2.0}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []PullReply{
		{},
		{Scopes: []ScopePage{{Scope: ScopeOrg, Changes: []Change{}}}, ServerTime: "0000000000640000aaaaaaaaaaaaaaaa"},
		{Scopes: []ScopePage{
			{Scope: ScopeOrg, NextAfter: 42, HasMore: true, Changes: []Change{
				{Seq: 41, Table: "households", Row: "01a20887-e825-7e9a-9263-e124fdba9ebc", Fields: fields},
				{Seq: 42, Table: "odd\"table\n<é>", Row: "x", Fields: nil},
			}},
			{Scope: ScopePublic, NextAfter: 7},
		}, ServerTime: "t\u2028"},
	} {
		var want bytes.Buffer
		if err := json.NewEncoder(&want).Encode(p); err != nil {
			t.Fatal(err)
		}
		if got := p.appendJSON(nil); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("appendJSON:\n%s\nencoding/json:\n%s", got, want.Bytes())
		}
	}
}
