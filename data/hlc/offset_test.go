package hlc

import (
	"errors"
	"testing"
	"time"
)

func TestOffsetCorrectsASlowWallClock(t *testing.T) {
	wall := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	c, err := NewClock("00000000000000aa", func() time.Time { return wall }, Timestamp{})
	if err != nil {
		t.Fatal(err)
	}
	server := Timestamp{WallMS: wall.Add(20 * time.Minute).UnixMilli(), Node: "00000000000000bb"}
	if err := c.Observe(server); !errors.Is(err, ErrClockAhead) {
		t.Fatalf("without an offset a timestamp 20 minutes ahead must be refused, got %v", err)
	}
	c.SetOffset(20 * time.Minute)
	if err := c.Observe(server); err != nil {
		t.Fatalf("with the offset: %v", err)
	}
	if got := c.Now(); got.Compare(server) <= 0 || got.WallMS != server.WallMS {
		t.Fatalf("next timestamp %v does not follow the server's %v", got, server)
	}
	c.SetOffset(0)
	if got, last := c.Now(), c.Last(); got.Compare(server) <= 0 || got != last {
		t.Fatalf("removing the offset moved the clock backwards: %v", got)
	}
}
