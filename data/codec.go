package data

// Codec is the one seam every sensitive field (names, phones, addresses,
// dates of birth, notes) passes through on its way into and out of the
// local store, so that encryption at rest can be added here without
// touching any caller. Seal and Open must be inverses.
type Codec interface {
	// Seal turns a plain value into what is stored.
	Seal(plain string) (string, error)
	// Open turns a stored value back into the plain value.
	Open(stored string) (string, error)
}

// PlainCodec stores sensitive fields as they are. It is the default until
// encryption at rest is configured.
type PlainCodec struct{}

// Seal returns plain unchanged.
func (PlainCodec) Seal(plain string) (string, error) { return plain, nil }

// Open returns stored unchanged.
func (PlainCodec) Open(stored string) (string, error) { return stored, nil }
