package countydb

import (
	"context"
	"fmt"
	"time"
)

// SetUserDisabled disables the user named (at not zero: its devices stop
// syncing and it cannot enrol), or enables it again (at zero).
func (s *DB) SetUserDisabled(ctx context.Context, name string, at time.Time) error {
	return s.updateUser(ctx, name, `UPDATE users SET disabled_at = ? WHERE name = ?`, fmtTime(at))
}

// SetUserPassword replaces the password hash of the user named.
func (s *DB) SetUserPassword(ctx context.Context, name, hash string) error {
	return s.updateUser(ctx, name, `UPDATE users SET pw_hash = ? WHERE name = ?`, hash)
}

// updateUser runs q (whose last argument is the user's name) and fails
// with ErrNotFound when no user has that name.
func (s *DB) updateUser(ctx context.Context, name, q string, value string) error {
	res, err := s.w.ExecContext(ctx, s.d.rebind(q), value, name)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("user %q: %w", name, ErrNotFound)
	}
	return nil
}

// RenewToken moves a device's token expiry to expires.
func (s *DB) RenewToken(ctx context.Context, id string, expires time.Time) error {
	return s.exec(ctx, `UPDATE devices SET token_expires = ? WHERE id = ?`, fmtTime(expires), id)
}
