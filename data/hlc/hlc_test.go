package hlc

import (
	"errors"
	"sort"
	"testing"
	"time"
)

type fakeWall struct{ t time.Time }

func (f *fakeWall) now() time.Time { return f.t }

func TestStringSortsInClockOrder(t *testing.T) {
	node := "00000000000000aa"
	other := "00000000000000bb"
	stamps := []Timestamp{
		{WallMS: 1_700_000_000_000, Counter: 2, Node: node},
		{WallMS: 1_700_000_000_000, Counter: 2, Node: other},
		{WallMS: 1_700_000_000_001, Counter: 0, Node: node},
		{WallMS: 1_699_999_999_999, Counter: 0xffff, Node: other},
		{WallMS: 1_700_000_000_000, Counter: 10, Node: node},
	}
	byCompare := append([]Timestamp(nil), stamps...)
	sort.Slice(byCompare, func(i, j int) bool { return byCompare[i].Compare(byCompare[j]) < 0 })
	byString := append([]Timestamp(nil), stamps...)
	sort.Slice(byString, func(i, j int) bool { return byString[i].String() < byString[j].String() })
	for i := range byCompare {
		if byCompare[i] != byString[i] {
			t.Fatalf("order differs at %d: Compare gives %v, String gives %v", i, byCompare[i], byString[i])
		}
		back, err := Parse(byString[i].String())
		if err != nil || back != byString[i] {
			t.Fatalf("Parse(%q) = %v, %v; want %v", byString[i].String(), back, err, byString[i])
		}
	}
}

func TestParseRejectsMalformed(t *testing.T) {
	for _, s := range []string{"xyz", "0000018c1a2b3c4d0001AAAAAAAAAAAAAAAA", "zz00018c1a2b0001aaaaaaaaaaaaaaaa"} {
		if _, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) succeeded", s)
		}
	}
}

func TestNowNeverGoesBackwards(t *testing.T) {
	wall := &fakeWall{t: time.UnixMilli(1_700_000_000_000)}
	c, err := NewClock(NewNode(), wall.now, Timestamp{})
	if err != nil {
		t.Fatal(err)
	}
	prev := c.Now()
	steps := []time.Duration{0, time.Millisecond, -time.Hour, 0, 0, 2 * time.Hour, -time.Minute}
	for _, d := range steps {
		wall.t = wall.t.Add(d)
		for i := 0; i < 3; i++ {
			next := c.Now()
			if next.Compare(prev) <= 0 {
				t.Fatalf("after wall step %v: %v is not after %v", d, next, prev)
			}
			prev = next
		}
	}
}

func TestCounterOverflowBorrowsNextMillisecond(t *testing.T) {
	wall := &fakeWall{t: time.UnixMilli(5000)}
	node := NewNode()
	c, _ := NewClock(node, wall.now, Timestamp{WallMS: 5000, Counter: 0xfffe, Node: node})
	a := c.Now()
	b := c.Now()
	if a.WallMS != 5000 || a.Counter != 0xffff {
		t.Fatalf("first = %+v", a)
	}
	if b.WallMS != 5001 || b.Counter != 0 {
		t.Fatalf("after overflow = %+v, want wall 5001 counter 0", b)
	}
}

func TestRestartWithClockSetBack(t *testing.T) {
	node := NewNode()
	wall := &fakeWall{t: time.UnixMilli(2_000_000_000_000)}
	c, _ := NewClock(node, wall.now, Timestamp{})
	last := c.Now()
	// The process restarts with the wall clock set back a day; the store
	// hands the persisted last timestamp to the new clock.
	wall.t = wall.t.Add(-24 * time.Hour)
	c2, _ := NewClock(node, wall.now, last)
	if next := c2.Now(); next.Compare(last) <= 0 {
		t.Fatalf("after restart %v is not after %v", next, last)
	}
}

func TestObserve(t *testing.T) {
	wall := &fakeWall{t: time.UnixMilli(1_000_000)}
	c, _ := NewClock(NewNode(), wall.now, Timestamp{})
	remote := Timestamp{WallMS: 1_000_000 + 60_000, Counter: 7, Node: NewNode()}
	if err := c.Observe(remote); err != nil {
		t.Fatal(err)
	}
	if next := c.Now(); next.Compare(remote) <= 0 {
		t.Fatalf("after observing %v, Now gave %v", remote, next)
	}
	before := c.Last()
	tooFar := Timestamp{WallMS: 1_000_000 + MaxSkew.Milliseconds() + 1, Node: NewNode()}
	if err := c.Observe(tooFar); !errors.Is(err, ErrClockAhead) {
		t.Fatalf("Observe(too far ahead) = %v, want ErrClockAhead", err)
	}
	if c.Last() != before {
		t.Fatalf("a refused observation moved the clock to %v", c.Last())
	}
}
