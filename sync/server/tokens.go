package server

import (
	"context"
	"net/http"
	"time"

	"trellis/sync"
	"trellis/sync/server/countydb"
)

// DefaultTokenLife is how long a device token works without the device
// syncing: each sync of an enabled user's device renews it.
const DefaultTokenLife = 90 * 24 * time.Hour

// renewEvery is how often a syncing device's expiry is moved on (not at
// every request, so that syncs do not queue behind these writes).
const renewEvery = 24 * time.Hour

// checkAccess refuses a device whose user the county disabled or whose
// token expired, and otherwise renews the token's expiry when it is due.
func (s *Server) checkAccess(ctx context.Context, d countydb.Device) error {
	now := s.now()
	if !d.UserDisabledAt.IsZero() {
		s.log.Info("disabled user's device refused", "device", d.ID, "user", d.UserID)
		return fail(http.StatusUnauthorized, sync.CodeUserDisabled, "the county disabled this user; ask your administrator")
	}
	if !d.TokenExpires.IsZero() && now.After(d.TokenExpires) {
		s.log.Info("expired token refused", "device", d.ID, "user", d.UserID)
		return fail(http.StatusUnauthorized, sync.CodeTokenExpired, "this laptop has not synced for %d days: enrol it again", int(s.tokenLife/(24*time.Hour)))
	}
	if d.TokenExpires.IsZero() || d.TokenExpires.Sub(now) < s.tokenLife-renewEvery {
		if err := s.st.RenewToken(ctx, d.ID, now.Add(s.tokenLife)); err != nil {
			s.log.Warn("cannot renew a device's token", "device", d.ID, "err", err)
		}
	}
	return nil
}
