package server

import (
	"fmt"
	"trellis/data"
	"trellis/data/registry"
	"trellis/sync"
	"trellis/sync/server/countydb"
)

// Sharing between organizations (issue 16). A table whose scope has an
// AlsoStream (registry.SharedWithProvider, registry.ProviderAnswer) is
// written to the change log of the organization whose device first sent
// the row (its owner) and also to the log of the organization its
// AlsoColumn names. Every change of such a row must name that organization
// (so the push takes its log's lock before reading anything), unchanged;
// a new row is let in only by its table's rule below. A shared table
// without a rule stops the server at start: nothing is shared by default.

// orgLogs map the streams that belong to one organization to that
// organization's change log.
var orgLogs = map[string]func(orgID string) string{
	registry.StreamOrg:      orgScope,
	registry.StreamProvider: providerScope,
}

func providerScope(orgID string) string { return "provider:" + orgID }

// shareRule decides whether device d may create row m of a shared table.
// It returns a refusal code, "" to let it in.
type shareRule func(tx countydb.Tx, d countydb.Device, m sync.Mutation) (string, error)

// shareRules are the rules of every shared table.
var shareRules = map[string]shareRule{
	"referral_shares":  shareReferral,
	"referral_answers": answerReferral,
}

// checkShared makes sure every shared table has a rule and a placeable
// second stream.
func checkShared(tables []*registry.Table) error {
	for _, t := range tables {
		if t.Scope.AlsoStream == "" {
			continue
		}
		if orgLogs[t.Scope.AlsoStream] == nil || shareRules[t.Name] == nil {
			return fmt.Errorf("the county server has no rule for sharing table %q (scope %q): add it to sync/server's shareRules", t.Name, t.Scope.Name)
		}
	}
	return nil
}

// fieldText is a mutation's column as text ("" if absent or not text).
func fieldText(m sync.Mutation, col string) string { s, _ := m.Fields[col].Value.(string); return s }

// alsoScope returns the second change log a mutation of a shared table is
// written to ("" for a table that is not shared, or a mutation that does
// not name a well-formed organization id).
func alsoScope(t *registry.Table, m sync.Mutation) string {
	if t == nil || t.Scope.AlsoStream == "" {
		return ""
	}
	org := fieldText(m, t.Scope.AlsoColumn)
	if !data.ValidID(org) {
		return ""
	}
	return orgLogs[t.Scope.AlsoStream](org)
}

// route authorizes a mutation of a shared table and returns the second
// change log it goes to; for any other table it returns "".
func route(tx countydb.Tx, d countydb.Device, t *registry.Table, m sync.Mutation, row sync.RowState, found bool) (also, refused string, err error) {
	if t.Scope.AlsoStream == "" {
		return "", "", nil
	}
	also = alsoScope(t, m)
	col := t.Scope.AlsoColumn
	if also == "" || found && row.Text(col) != fieldText(m, col) {
		return "", sync.RejectShareRoute, nil
	}
	if found {
		if t.Name == "referral_shares" {
			refused, err = editShare(tx, m, row)
		}
		return also, refused, err
	}
	refused, err = shareRules[t.Name](tx, d, m)
	return also, refused, err
}

// consented reports whether the family of a referral has consent to share
// on record on the server.
func consented(tx countydb.Tx, referral sync.RowState) (bool, error) {
	_, hh, found, err := tx.Row("households", referral.Text("household_id"))
	if err != nil || !found {
		return false, err
	}
	return !hh.Deleted() && hh.Flag("consent_share"), nil
}

// shareReferral lets a navigator share a referral of their organization,
// for a family with consent to share on record, with an organization the
// county linked to the directory organization that runs the referral's
// service.
func shareReferral(tx countydb.Tx, d countydb.Device, m sync.Mutation) (string, error) {
	scope, ref, found, err := tx.Row("referrals", fieldText(m, "referral_id"))
	if err != nil {
		return "", err
	}
	if !found || ref.Deleted() || scope != orgScope(d.OrgID) || ref.Text("service_id") != fieldText(m, "service_id") ||
		fieldText(m, "referring_org") != d.OrgID {
		return sync.RejectShareProvider, nil
	}
	if ok, err := consented(tx, ref); err != nil || !ok {
		return sync.RejectShareConsent, err
	}
	_, svc, found, err := tx.Row("dir_services", ref.Text("service_id"))
	if err != nil || !found {
		return sync.RejectShareProvider, err
	}
	_, link, found, err := tx.Row("provider_links", data.ProviderLinkID(fieldText(m, "provider_org"), svc.Text("organization_id")))
	if err != nil || !found || link.Deleted() {
		return sync.RejectShareProvider, err
	}
	return "", nil
}

// identity are the columns of a share that must stay empty once the
// family's consent is withdrawn, with their empty values.
var emptyShare = map[string]any{"referral_id": nil, "provider_org": nil, "service_id": nil, "priority": nil, "navigator": nil,
	"navigator_org": nil, "referring_org": nil, "last_event_id": nil, "shared_at": nil, "withdrawn_at": nil, data.DeletedField: nil}

// editShare refuses an edit of a share that is not an emptying while the
// family has no consent to share on the server, and any change of which
// referral or service it shares.
func editShare(tx countydb.Tx, m sync.Mutation, row sync.RowState) (string, error) {
	for _, col := range []string{"referral_id", "service_id", "referring_org"} {
		if f, ok := m.Fields[col]; ok && !sync.SameValue(f.Value, row[col].Value) {
			return sync.RejectShareRoute, nil
		}
	}
	_, ref, found, err := tx.Row("referrals", row.Text("referral_id"))
	if err != nil {
		return "", err
	}
	if found {
		if ok, err := consented(tx, ref); err != nil || ok {
			return "", err
		}
	}
	for col, f := range m.Fields {
		if _, free := emptyShare[col]; free {
			continue
		}
		switch v := f.Value.(type) {
		case nil:
		case string:
			if v != "" {
				return sync.RejectShareConsent, nil
			}
		case float64:
			if v != 0 && v != -1 {
				return sync.RejectShareConsent, nil
			}
		case bool:
			if v {
				return sync.RejectShareConsent, nil
			}
		default:
			return sync.RejectShareConsent, nil
		}
	}
	return "", nil
}

// answerReferral lets a provider answer a referral shared with its
// organization, and names the referring organization it goes back to.
func answerReferral(tx countydb.Tx, d countydb.Device, m sync.Mutation) (string, error) {
	scope, share, found, err := tx.Row("referral_shares", fieldText(m, "share_id"))
	if err != nil {
		return "", err
	}
	if !found || share.Deleted() || share.Text("provider_org") != d.OrgID ||
		scope != orgScope(fieldText(m, "referring_org")) || share.Text("referral_id") != fieldText(m, "referral_id") {
		return sync.RejectShareAnswer, nil
	}
	return "", nil
}

// answerEvent is the status event a provider's new answer adds to the
// referral's history for the referring organization: the same id, status,
// note and predecessor, by the person and their organization, stamped as
// the answer's status was.
func answerEvent(tx countydb.Tx, m sync.Mutation) (sync.Mutation, bool, error) {
	_, ref, found, err := tx.Row("referrals", fieldText(m, "referral_id"))
	if err != nil || !found {
		return sync.Mutation{}, false, err
	}
	by := fieldText(m, "by")
	if p := fieldText(m, "provider"); p != "" {
		by = fmt.Sprintf("%s (%s)", by, p)
	}
	stamp := m.Fields["status"].HLC
	vals := map[string]any{"referral_id": fieldText(m, "referral_id"), "household_id": ref.Text("household_id"),
		"status": fieldText(m, "status"), "at": fieldText(m, "at"), "by": by, "note": fieldText(m, "note"), "prev_id": fieldText(m, "prev_id")}
	ev := sync.Mutation{Table: "referral_events", Row: m.Row, Fields: make(map[string]sync.Field, len(vals))}
	for col, v := range vals {
		ev.Fields[col] = sync.Field{Value: v, HLC: stamp}
	}
	return ev, true, nil
}
