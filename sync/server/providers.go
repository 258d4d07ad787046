package server

import (
	"context"
	"fmt"
	"trellis/sync/server/countydb"

	"trellis/data"
	"trellis/data/store"
)

// LinkProvider publishes that the enrolled organization org runs the
// services of the directory organization directoryOrgID (an HSDS
// organization id the county's directory holds): its provider staff
// receive the referrals navigators share for those services. unlink takes
// the link back (referrals already shared stay shared).
func LinkProvider(ctx context.Context, srv countydb.Storage, opts PublishOptions, org countydb.Org, directoryOrgID string, unlink bool) (PublishReport, error) {
	link := data.ProviderLink{ID: data.ProviderLinkID(org.ID, directoryOrgID), OrgID: org.ID, OrgName: org.Name, DirectoryOrgID: directoryOrgID}
	return Publish(ctx, srv, opts, func(ctx context.Context, st *store.Store) error {
		if _, err := store.Get[data.Organization](ctx, st, directoryOrgID); err != nil {
			return fmt.Errorf("the county's directory has no organization %q: import the directory first, and give the organization's HSDS id", directoryOrgID)
		}
		return st.Write(ctx, func(tx *store.Tx) error {
			if unlink {
				if _, err := store.GetTx[data.ProviderLink](tx, link.ID); err != nil {
					return fmt.Errorf("%s is not linked to %s", org.Name, directoryOrgID)
				}
				return tx.Delete("provider_links", link.ID)
			}
			return tx.Upsert(&link)
		})
	})
}
