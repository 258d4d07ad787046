package sync

import (
	"encoding/json"
	"strconv"
)

// appendJSON appends the reply as encoding/json's Encoder writes it,
// without reflection and without checking again the changes' fields,
// which the server itself stored as compact JSON: a first sync sends
// hundreds of thousands of changes.
func (p PullReply) appendJSON(b []byte) []byte {
	b = append(b, `{"scopes":`...)
	if p.Scopes == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, page := range p.Scopes {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"scope":`...)
			b = appendJSONString(b, page.Scope)
			b = append(b, `,"changes":`...)
			if page.Changes == nil {
				b = append(b, "null"...)
			} else {
				b = append(b, '[')
				for j, c := range page.Changes {
					if j > 0 {
						b = append(b, ',')
					}
					b = append(b, `{"seq":`...)
					b = strconv.AppendInt(b, c.Seq, 10)
					b = append(b, `,"table":`...)
					b = appendJSONString(b, c.Table)
					b = append(b, `,"row":`...)
					b = appendJSONString(b, c.Row)
					b = append(b, `,"fields":`...)
					if c.Fields == nil {
						b = append(b, "null"...)
					} else {
						b = append(b, c.Fields...)
					}
					b = append(b, '}')
				}
				b = append(b, ']')
			}
			b = append(b, `,"next_after":`...)
			b = strconv.AppendInt(b, page.NextAfter, 10)
			b = append(b, `,"has_more":`...)
			b = strconv.AppendBool(b, page.HasMore)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"server_time":`...)
	b = appendJSONString(b, p.ServerTime)
	return append(b, "}\n"...)
}

// jsonSize is about the length of the reply's JSON, to allocate once.
func (p PullReply) jsonSize() int {
	n := 64 + len(p.ServerTime)
	for _, page := range p.Scopes {
		n += 96 + len(page.Scope)
		for _, c := range page.Changes {
			n += 64 + len(c.Table) + len(c.Row) + len(c.Fields)
		}
	}
	return n
}

// appendJSONString appends s as a JSON string, as encoding/json writes it.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
