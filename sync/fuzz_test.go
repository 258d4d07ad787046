package sync

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"trellis/data/hlc"
	"trellis/data/registry"
)

func FuzzDecodePushRequest(f *testing.F) {
	stamp := "01a207d0958600000123456789abcdef"
	f.Add(`{"device_id":"d","schema_ver":2,"mutations":[{"mid":1,"table":"households","row":"01a207d0-9586-7e7a-aec6-99e3997e8f09","fields":{"name":{"value":"Nguyen","hlc":"` + stamp + `"}},"base_seq":0}]}`)
	f.Add(`{"mutations":[{"mid":1,"table":"households","row":"x","fields":{}}]}`)
	f.Add(`{"mutations":[{"mid":2,"table":"members","row":"01a207d0-9586-7e7a-aec6-99e3997e8f09","fields":{"deleted":{"value":1,"hlc":"` + stamp + `"}}},{"mid":4}]}`)
	f.Add(`{"mutations":[{"mid":1,"table":"households","row":"01a207d0-9586-7e7a-aec6-99e3997e8f09","fields":{"name":{"value":{"a":1},"hlc":"zz"}}}]}`)
	f.Add(`{} {}`)
	f.Add(`[`)
	f.Fuzz(func(t *testing.T, body string) {
		req, err := DecodePushRequest(strings.NewReader(body))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if len(req.Mutations) > MaxMutationsPerPush {
			t.Fatalf("accepted %d mutations", len(req.Mutations))
		}
		for i, m := range req.Mutations {
			if m.MID <= 0 || i > 0 && m.MID != req.Mutations[i-1].MID+1 {
				t.Fatalf("accepted mids %v", req.Mutations)
			}
			tbl := registry.Lookup(m.Table)
			if tbl == nil || len(m.Fields) == 0 {
				t.Fatalf("accepted table %q with %d fields", m.Table, len(m.Fields))
			}
			for col, fv := range m.Fields {
				if col != "deleted" && !tbl.HasColumn(col) {
					t.Fatalf("accepted column %s.%s", m.Table, col)
				}
				if _, err := hlc.Parse(fv.HLC); err != nil || fv.HLC == "" {
					t.Fatalf("accepted timestamp %q", fv.HLC)
				}
			}
		}
		// What was accepted survives a round trip unchanged.
		b, _ := json.Marshal(req)
		again, err := DecodePushRequest(bytes.NewReader(b))
		if err != nil || !reflect.DeepEqual(again, req) {
			t.Fatalf("round trip: %v\n%+v\n%+v", err, req, again)
		}
	})
}

func FuzzDecodePullRequest(f *testing.F) {
	f.Add(`{"schema_ver":2,"scopes":[{"scope":"org","after":0},{"scope":"public","after":17}],"limit":100}`)
	f.Add(`{"scopes":[{"scope":"org","after":-1}]}`)
	f.Add(`{"scopes":[{"scope":"org"},{"scope":"org"}]}`)
	f.Add(`{"scopes":[{"scope":"other"}],"limit":99999999}`)
	f.Add(`{"scopes":[],"extra":1}`)
	f.Fuzz(func(t *testing.T, body string) {
		req, err := DecodePullRequest(strings.NewReader(body))
		if err != nil {
			return
		}
		if req.Limit <= 0 || req.Limit > MaxPullLimit {
			t.Fatalf("limit %d", req.Limit)
		}
		if len(req.Scopes) == 0 || len(req.Scopes) > 2 {
			t.Fatalf("%d scopes", len(req.Scopes))
		}
		for _, s := range req.Scopes {
			if s.Scope != ScopeOrg && s.Scope != ScopePublic || s.After < 0 {
				t.Fatalf("accepted scope %+v", s)
			}
		}
		if len(req.Scopes) == 2 && req.Scopes[0].Scope == req.Scopes[1].Scope {
			t.Fatal("accepted a scope twice")
		}
	})
}

func FuzzDecodeEnrollRequest(f *testing.F) {
	f.Add(`{"user":"ana","password":"secret password","device_name":"laptop","node":"0123456789abcdef","schema_ver":2}`)
	f.Add(`{"user":" ","password":"x","node":"0123456789ABCDEF"}`)
	f.Add(`{"user":"ana","password":"","node":"short"}`)
	f.Fuzz(func(t *testing.T, body string) {
		req, err := DecodeEnrollRequest(strings.NewReader(body))
		if err != nil {
			return
		}
		if req.User == "" || req.Password == "" || hlc.ValidNode(req.Node) != nil {
			t.Fatalf("accepted %+v", req)
		}
	})
}
