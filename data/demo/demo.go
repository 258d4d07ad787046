// Package demo fills a store with a realistic synthetic county: families
// who speak the thirteen languages Trellis ships, their young children,
// contacts, screenings, referrals with their status histories and
// follow-ups, and a service directory with organizations, locations,
// schedules, languages, costs, categories and translations, plus a few
// training materials.
//
// Everything is made up: names are drawn from lists of common names, phone
// numbers are in the 555-01xx range reserved for fiction, and e-mail and
// web addresses are under example.org. The same seed and the same "today"
// give the same records, ids included.
package demo

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	"trellis/data"
	"trellis/data/store"
)

// Options say how big a county to make.
type Options struct {
	Families int   // households to create
	Services int   // directory services to create
	Seed     int64 // the same seed gives the same county
	// Navigator is the name every family is assigned to; empty spreads the
	// families over a team of made-up navigators.
	Navigator string
	// LocalOnly keeps the county on this laptop: it is written without
	// being put in the outbox, so it is never sent to a county server nor
	// shown as changes waiting (the app's demo data). Without it the
	// county is sent at the next sync, as when seeding a county server.
	LocalOnly bool
}

// Summary counts what Generate wrote.
type Summary struct {
	Families       int
	Caregivers     int
	Children       int
	Contacts       int
	Screenings     int
	Referrals      int
	ReferralEvents int
	FollowUps      int
	Organizations  int
	Services       int
	Locations      int
	Translations   int // service translations
	Materials      int
}

// ErrTooBig is returned for counts beyond what a laptop county needs.
var ErrTooBig = errors.New("demo: at most 100000 families and 50000 services")

// Generate writes a synthetic county into st in one transaction, so that
// if ctx is cancelled or anything fails nothing is written. progress, if
// not nil, is called now and then with the families and services written
// so far out of the total.
func Generate(ctx context.Context, st *store.Store, opts Options, progress func(done, total int)) (Summary, error) {
	if opts.Families < 0 || opts.Services < 0 {
		return Summary{}, errors.New("demo: the numbers of families and services cannot be negative")
	}
	if opts.Families > 100000 || opts.Services > 50000 {
		return Summary{}, ErrTooBig
	}
	if opts.Families > 0 && opts.Services == 0 {
		return Summary{}, errors.New("demo: families need at least one service to be referred to")
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	var sum Summary
	err := st.Write(ctx, func(tx *store.Tx) error {
		if opts.LocalOnly {
			tx.LocalOnly()
		}
		g := newGenerator(tx, opts, progress)
		if err := g.directory(ctx); err != nil {
			return err
		}
		if err := g.families(ctx); err != nil {
			return err
		}
		if err := g.materials(); err != nil {
			return err
		}
		progress(g.total, g.total)
		sum = g.sum
		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	return sum, nil
}

// generator holds the state of one Generate call.
type generator struct {
	tx       *store.Tx
	opts     Options
	rng      *rand.Rand
	now      time.Time
	today    data.Date
	progress func(done, total int)
	done     int
	total    int
	sum      Summary

	seq uint64 // ids issued so far

	services []generatedService // what families can be referred to
	byLang   map[string][]int   // indexes into services offered in a base language
}

func newGenerator(tx *store.Tx, opts Options, progress func(done, total int)) *generator {
	seed := uint64(opts.Seed)
	now := tx.Now().UTC().Truncate(time.Millisecond)
	return &generator{
		tx: tx, opts: opts, now: now, today: data.DateOf(now), progress: progress,
		rng:    rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		total:  opts.Families + opts.Services,
		byLang: map[string][]int{},
	}
}

// step counts one family or service written and reports progress every
// so often. It returns ctx's error once ctx is cancelled.
func (g *generator) step(ctx context.Context) error {
	g.done++
	if g.done%100 == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		g.progress(g.done, g.total)
	}
	return nil
}

// newID returns a UUIDv7 for the next record. Its time is the moment
// generation started plus a counter, and its random bits come from the
// seeded generator, so ids are reproducible and sort in the order the
// records were written (which keeps inserts at the end of every index).
func (g *generator) newID() string {
	var u uuid.UUID
	ms := uint64(g.now.UnixMilli()) + g.seq>>12
	for i := 0; i < 6; i++ {
		u[i] = byte(ms >> (40 - 8*i))
	}
	u[6] = 0x70 | byte(g.seq>>8)&0x0f // version 7, then a 12-bit counter
	u[7] = byte(g.seq)
	g.seq++
	r := g.rng.Uint64()
	for i := 8; i < 16; i++ {
		u[i] = byte(r >> (8 * (i - 8)))
	}
	u[8] = 0x80 | u[8]&0x3f // RFC 4122 variant
	return u.String()
}

// pick returns a random element of xs.
func pick[T any](g *generator, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

// between returns a random int in [lo, hi].
func (g *generator) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

// daysAgo returns the instant n days before now, at a working hour.
func (g *generator) daysAgo(n int) time.Time {
	d := g.now.AddDate(0, 0, -n)
	t := time.Date(d.Year(), d.Month(), d.Day(), g.between(9, 17), g.between(0, 59), 0, 0, time.UTC)
	if t.After(g.now) {
		t = g.now.Add(-time.Duration(g.between(1, 3600)) * time.Second).Truncate(time.Second)
	}
	return t
}

// weighted picks an index with probability proportional to its weight.
func (g *generator) weighted(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func ptr(f float64) *float64 { return &f }
