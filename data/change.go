package data

// FieldValue is one field's value and the hybrid logical clock timestamp
// (data/hlc string form) of the write that set it. Values are SQLite-native:
// string, int64, float64 or nil. Booleans are 0 or 1.
type FieldValue struct {
	Value any    `json:"value"`
	HLC   string `json:"hlc"`
}

// Change is what the local store records in its outbox for every write, and
// what sync exchanges: the changed fields of one row. A delete is the field
// "deleted" set to 1 (a tombstone); the row itself is kept.
type Change struct {
	Table  string                `json:"table"`
	ID     string                `json:"id"`
	Fields map[string]FieldValue `json:"fields"`
}

// DeletedField is the column that marks a row as deleted (a tombstone).
const DeletedField = "deleted"
