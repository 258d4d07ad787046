package store

import (
	"encoding/json"
	"testing"

	"trellis/data"
)

func TestOutboxFieldsEncodeAsEncodingJSONDoes(t *testing.T) {
	values := map[string]any{
		"name": "Familia Núñez <\"quoted\"> & \\ \u2028 \x01", "zip": "98118", "interpreter_needed": int64(1),
		"score": 12.5, "big": 1e21, "minimum_age": nil, "notes": "", "emoji": "👶🏽", "bad utf8": "a\xffb",
	}
	stamp := "019a0000000000001234567890abcdef"
	got, err := outboxFields(values, stamp)
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]data.FieldValue{}
	for col, v := range values {
		fields[col] = data.FieldValue{Value: v, HLC: stamp}
	}
	want, _ := json.Marshal(fields)
	if string(got) != string(want) {
		t.Fatalf("outboxFields:\n%s\nencoding/json:\n%s", got, want)
	}
	for _, c := range []clocks{{"*": stamp}, {"*": stamp, "phone": stamp + "x"}, {"*": "a\"b"}} {
		want, _ := json.Marshal(map[string]string(c))
		if got := c.encode(); got != string(want) {
			t.Errorf("clocks %v encode to %s, want %s", c, got, want)
		}
	}
}
