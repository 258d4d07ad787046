package client

import (
	"context"
	"fmt"
	"strings"

	"trellis/data"
	"trellis/data/store"
)

// FindConflict finds an open conflict by its id or a unique beginning of
// it.
func FindConflict(ctx context.Context, st *store.Store, id string) (data.Conflict, error) {
	cs, err := st.Conflicts(ctx, true)
	if err != nil {
		return data.Conflict{}, err
	}
	var found []data.Conflict
	for _, c := range cs {
		if c.ID == id {
			return c, nil
		}
		if id != "" && strings.HasPrefix(c.ID, id) {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 0:
		return data.Conflict{}, fmt.Errorf("no open conflict %q", id)
	case 1:
		return found[0], nil
	}
	return data.Conflict{}, fmt.Errorf("%q names %d conflicts; give more of the id", id, len(found))
}

// KeepSide says which resolution keeps this device's side of a conflict
// (mine) or the other side. This device's side is the one it wrote; when it
// wrote neither, it is the value in effect, which is what it shows.
func KeepSide(c data.Conflict, deviceID string, mine bool) string {
	mineIsWinner := c.LoserDevice != deviceID || c.WinnerDevice == deviceID
	if mine == mineIsWinner {
		return data.KeepWinner
	}
	return data.KeepLoser
}
