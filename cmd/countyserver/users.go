package main

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"trellis/sync"
	"trellis/sync/server"
)

// userDisable stops a user's devices from syncing and the user from
// enrolling; userEnable lets them again (a device that was refused while
// the user was disabled enrols again).
func userDisable(e *cmdEnv, args []string) error {
	return setDisabled(e, "user disable", args, time.Now())
}

func userEnable(e *cmdEnv, args []string) error {
	return setDisabled(e, "user enable", args, time.Time{})
}

func setDisabled(e *cmdEnv, name string, args []string, at time.Time) error {
	st, pos, err := newFlags(name).open(e, args, 1)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.SetUserDisabled(e.ctx, pos[0], at); err != nil {
		return err
	}
	if at.IsZero() {
		fmt.Fprintf(e.stdout, "%s may enrol and sync again.\n", printable(pos[0]))
	} else {
		fmt.Fprintf(e.stdout, "%s can no longer enrol, and their devices no longer sync.\n", printable(pos[0]))
	}
	return nil
}

// userPassword sets a user's password (read from stdin or
// --password-file); devices already enrolled keep syncing.
func userPassword(e *cmdEnv, args []string) error {
	f := newFlags("user password")
	pwFile := f.String("password-file", "", "file whose first line is the new password")
	st, pos, err := f.open(e, args, 1)
	if err != nil {
		return err
	}
	defer st.Close()
	hash, err := readHash(e, *pwFile)
	if err != nil {
		return err
	}
	if err := st.SetUserPassword(e.ctx, pos[0], hash); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Password of %s changed.\n", printable(pos[0]))
	return nil
}

// readHash reads a password (from stdin, or the first line of file) and
// returns its hash.
func readHash(e *cmdEnv, file string) (string, error) {
	password, err := sync.ReadPassword(e.stdin, file)
	if err != nil {
		return "", err
	}
	return server.HashPassword(password)
}

// printable drops control characters (terminal escape sequences start
// with one) and bidirectional overrides from a name a device or user
// chose, so that printing it cannot change the administrator's terminal
// or disguise the columns.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, s)
}
