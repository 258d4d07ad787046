// Package report holds the rules the county's figures follow wherever they are computed: on a
// laptop, in navctl and in the county roll-up.
package report

import "strconv"

// MinShown is the smallest count a shared figure may show. Counts from 1 to MinShown-1 could
// identify a family or a person in a small group, so they are hidden; 0 is shown as 0.
const MinShown = 11

// Count is a figure that may be hidden because it is too small to share.
type Count struct {
	N      int  // the true count; do not print it when Hidden
	Hidden bool // true when 0 < N < MinShown
}

// Suppress returns n as a Count, hidden when it is small enough to identify someone.
func Suppress(n int) Count {
	return Count{N: n, Hidden: n > 0 && n < MinShown}
}

// String gives the count as a shared report shows it: the number, or "<11" when hidden.
func (c Count) String() string {
	if c.Hidden {
		return "<11"
	}
	return strconv.Itoa(c.N)
}

// SuppressGroups hides small counts in a breakdown, and when exactly one group is hidden it
// also hides the next smallest one, so the hidden count cannot be worked out from the total
// (complementary suppression). The map is not modified.
func SuppressGroups(groups map[string]int) map[string]Count {
	out := make(map[string]Count, len(groups))
	hidden := 0
	for k, n := range groups {
		c := Suppress(n)
		if c.Hidden {
			hidden++
		}
		out[k] = c
	}
	if hidden == 1 {
		next := ""
		for k, c := range out {
			if c.Hidden || c.N == 0 {
				continue
			}
			if next == "" || c.N < out[next].N || (c.N == out[next].N && k < next) {
				next = k
			}
		}
		if next != "" {
			c := out[next]
			c.Hidden = true
			out[next] = c
		}
	}
	return out
}
