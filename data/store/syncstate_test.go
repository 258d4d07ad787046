package store

import (
	"errors"
	"strings"
	"testing"

	"trellis/data"
)

func TestEnrolmentSendsEarlierChangesAndAckTrimsTheOutbox(t *testing.T) {
	st, _ := openTest(t)
	addFamily(t, st, "Nguyen", "vi", "2025-01-02") // 3 changes before enrolling
	mustWrite(t, st, func(tx *Tx) error {
		return tx.Enroll(SyncDevice{ServerURL: "https://county.example", DeviceID: "d1", Token: "secret", OrgID: "o", OrgName: "Harbor", User: "ana"})
	})
	d, ok, err := st.SyncDevice(ctx)
	if err != nil || !ok {
		t.Fatalf("enrolment not kept: %v", err)
	}
	if d.Token != "secret" || d.MidBase != 0 || d.AckedMID != 0 {
		t.Fatalf("enrolment = %+v", d)
	}
	addFamily(t, st, "Okafor", "en", "2024-05-06") // 3 more
	mustWrite(t, st, func(tx *Tx) error { return tx.AckMutations(4) })
	if n, _ := st.PendingChanges(ctx, 0); n != 2 {
		t.Fatalf("%d changes left after acknowledging 4 of 6", n)
	}
	mustWrite(t, st, func(tx *Tx) error { return tx.AckMutations(2) }) // late, older ack
	if d, _, _ := st.SyncDevice(ctx); d.AckedMID != 4 {
		t.Fatalf("an older acknowledgement moved acked_mid back to %d", d.AckedMID)
	}
	// Re-enrolling (a new device id) numbers the remaining changes from 1.
	mustWrite(t, st, func(tx *Tx) error {
		return tx.Enroll(SyncDevice{ServerURL: "https://county.example", DeviceID: "d2", Token: "t2", OrgID: "o", OrgName: "Harbor", User: "ana"})
	})
	d, _, _ = st.SyncDevice(ctx)
	entries, _ := st.Outbox(ctx, d.MidBase, 10)
	if len(entries) != 2 || entries[0].Seq-d.MidBase != 1 {
		t.Fatalf("after re-enrolling the first pending change has mid %d of %d", entries[0].Seq-d.MidBase, len(entries))
	}
}

func TestSyncBaseIsTheCursorSeenWhenTheChangeWasMade(t *testing.T) {
	st, _ := openTest(t)
	addFamily(t, st, "A", "en", "2025-01-02") // seqs 1-3: made before any pull
	mustWrite(t, st, func(tx *Tx) error { return tx.SetSyncCursor("org", 40) })
	addFamily(t, st, "B", "en", "2025-01-02") // seqs 4-6
	mustWrite(t, st, func(tx *Tx) error { return tx.SetSyncCursor("org", 55) })
	mustWrite(t, st, func(tx *Tx) error { return tx.SetSyncCursor("org", 60) }) // no edits between
	addFamily(t, st, "C", "en", "2025-01-02")                                   // seqs 7-9
	for _, c := range []struct{ seq, want int64 }{{1, 0}, {3, 0}, {4, 40}, {6, 40}, {7, 60}, {9, 60}} {
		if got, err := st.SyncBase(ctx, "org", c.seq); err != nil || got != c.want {
			t.Fatalf("base of change %d = %d (%v), want %d", c.seq, got, err, c.want)
		}
	}
	if got, _ := st.SyncBase(ctx, "public", 9); got != 0 {
		t.Fatalf("another scope's base = %d", got)
	}
}

func TestAdoptRestampTakesTheServersFieldOnlyIfUnchanged(t *testing.T) {
	st, _ := openTest(t)
	h, _ := addFamily(t, st, "Nguyen", "vi", "2025-01-02")
	var stamp string
	mustWrite(t, st, func(tx *Tx) error {
		_, cl, err := tx.currentRow(tableByName["households"], h.ID)
		stamp = cl.of("notes")
		return err
	})
	serverStamp := "000000000001000000000000000000aa"
	mustWrite(t, st, func(tx *Tx) error {
		return tx.AdoptRestamp("households", h.ID, "notes", "not-the-stamp", "ignored", serverStamp)
	})
	got, _ := st.Household(ctx, h.ID)
	if got.Notes != "" {
		t.Fatalf("a restamp of another timestamp changed the field to %q", got.Notes)
	}
	mustWrite(t, st, func(tx *Tx) error {
		return tx.AdoptRestamp("households", h.ID, "notes", stamp, "from the server", serverStamp)
	})
	got, _ = st.Household(ctx, h.ID)
	if got.Notes != "from the server" {
		t.Fatalf("notes = %q", got.Notes)
	}
	// The tombstone, which the insert did not send, is no longer covered
	// by the future timestamp: a remote delete with an older stamp wins.
	mustWrite(t, st, func(tx *Tx) error {
		return tx.ApplyRemoteBatch([]data.Change{{Table: "households", ID: h.ID, Fields: map[string]data.FieldValue{
			data.DeletedField: {Value: int64(1), HLC: "000000000002000000000000000000bb"}}}})
	})
	if _, err := st.Household(ctx, h.ID); err == nil {
		t.Fatal("the delete did not apply")
	}
}

func TestRejectionKeepsWhatWasTypedUntilDismissed(t *testing.T) {
	st, err := Open(t.TempDir(), Options{Codec: reverseCodec{}})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	mustWrite(t, st, func(tx *Tx) error {
		return tx.Enroll(SyncDevice{ServerURL: "https://county.example", DeviceID: "d1", Token: "t", OrgID: "o", OrgName: "Harbor", User: "ana"})
	})
	h, _ := addFamily(t, st, "Garcia", "es", "2024-05-05") // mids 1-3; 1 is the household
	mustWrite(t, st, func(tx *Tx) error {
		if err := tx.AddRejection(Rejection{MID: 1, Table: "households", RowID: h.ID, Code: "not_in_org", Reason: "there is no such record in your organization"}); err != nil {
			return err
		}
		return tx.AckMutations(3)
	})
	if n, _ := st.PendingChanges(ctx, 0); n != 0 {
		t.Fatalf("%d changes left in the outbox after the acknowledgement", n)
	}
	rej, err := st.Rejections(ctx, true)
	if err != nil || len(rej) != 1 {
		t.Fatalf("open rejections = %+v, %v", rej, err)
	}
	r := rej[0]
	if r.MID != 1 || r.Table != "households" || r.RowID != h.ID || r.Code != "not_in_org" || r.Dismissed {
		t.Fatalf("rejection = %+v", r)
	}
	// The copy outlives the outbox entry, opened through the codec.
	if r.Fields["name"].Value != "Garcia" || r.Fields["phone"].Value != "206-555-0100" || r.Fields["consent_contact"].Value != false {
		t.Fatalf("the rejection's copy of the change = %+v", r.Fields)
	}
	var raw string
	st.r.QueryRow(`SELECT fields FROM sync_rejections WHERE id = ?`, r.ID).Scan(&raw)
	if strings.Contains(raw, "Garcia") {
		t.Fatal("the rejection on disk holds the plain name")
	}
	if n, err := st.OpenRejections(ctx); err != nil || n != 1 {
		t.Fatalf("open rejections counted %d, %v", n, err)
	}
	// Re-enrolling numbers mutations from 1 again: a new refusal of mid 1
	// is another record, not the old one overwritten.
	mustWrite(t, st, func(tx *Tx) error {
		return tx.Enroll(SyncDevice{ServerURL: "https://county.example", DeviceID: "d2", Token: "t2", OrgID: "o", OrgName: "Harbor", User: "ana"})
	})
	h2, _ := addFamily(t, st, "Okafor", "en", "2024-06-06")
	mustWrite(t, st, func(tx *Tx) error {
		return tx.AddRejection(Rejection{MID: 1, Table: "households", RowID: h2.ID, Code: "not_in_org", Reason: "x"})
	})
	if n, _ := st.OpenRejections(ctx); n != 2 {
		t.Fatalf("%d open rejections after a second device's refusal of mid 1, want 2", n)
	}
	mustWrite(t, st, func(tx *Tx) error { return tx.DismissRejection(r.ID) })
	open, _ := st.Rejections(ctx, true)
	all, _ := st.Rejections(ctx, false)
	if len(open) != 1 || open[0].RowID != h2.ID || len(all) != 2 {
		t.Fatalf("after dismissing: open %+v, all %d", open, len(all))
	}
	// Dismissing leaves the local edit as it is.
	if got, err := st.Household(ctx, h.ID); err != nil || got.Name != "Garcia" {
		t.Fatalf("the family after dismissing: %q %v", got.Name, err)
	}
	if err := st.Write(ctx, func(tx *Tx) error { return tx.DismissRejection(9999) }); err == nil || !strings.Contains(err.Error(), "9999") {
		t.Fatalf("dismissing an unknown rejection: %v", err)
	}
}

// Enrolment and a rejoin move the changes still waiting to the node the
// server gave, in the outbox and in the rows' clocks; changes already sent
// keep their timestamps; a failed write leaves the clock's node as it was.
func TestWaitingChangesMoveToTheServersNode(t *testing.T) {
	st, _ := openTest(t)
	own := st.Clock().Node()
	sent, _ := addFamily(t, st, "Sent", "es", "2025-03-01")
	stampOf := func(table, id string) string {
		var cl string
		if err := st.r.QueryRow(`SELECT clocks FROM `+table+` WHERE id = ?`, id).Scan(&cl); err != nil {
			t.Fatal(err)
		}
		c, _ := parseClocks(cl)
		return c.of("name")
	}
	mustWrite(t, st, func(tx *Tx) error {
		return tx.Enroll(SyncDevice{ServerURL: "https://county.example", DeviceID: "d1", Token: "t", OrgID: "o", Node: "00000000000000a1"})
	})
	if st.Clock().Node() != "00000000000000a1" {
		t.Fatalf("the clock stamps for %s after enrolment", st.Clock().Node())
	}
	entries, _ := st.Outbox(ctx, 0, 100)
	for _, e := range entries {
		for col, f := range e.Change.Fields {
			if !strings.HasSuffix(f.HLC, "00000000000000a1") {
				t.Fatalf("waiting change %d %s still stamped %s", e.Seq, col, f.HLC)
			}
		}
	}
	if s := stampOf("households", sent.ID); !strings.HasSuffix(s, "00000000000000a1") || strings.HasSuffix(s, own) {
		t.Fatalf("the row's clock is %s", s)
	}
	mustWrite(t, st, func(tx *Tx) error { return tx.AckMutations(int64(len(entries))) })
	before := stampOf("households", sent.ID)
	waiting, _ := addFamily(t, st, "Waiting", "es", "2025-03-01")
	if err := st.Write(ctx, func(tx *Tx) error {
		if err := tx.Rejoin(SyncDevice{DeviceID: "d2", Token: "t2", Node: "00000000000000b2"}); err != nil {
			return err
		}
		return errors.New("the disk is full")
	}); err == nil || st.Clock().Node() != "00000000000000a1" {
		t.Fatalf("a failed rejoin: %v, node %s", err, st.Clock().Node())
	}
	mustWrite(t, st, func(tx *Tx) error {
		return tx.Rejoin(SyncDevice{DeviceID: "d2", Token: "t2", Node: "00000000000000b2"})
	})
	if got := stampOf("households", sent.ID); got != before {
		t.Fatalf("a sent change's timestamp moved from %s to %s", before, got)
	}
	if got := stampOf("households", waiting.ID); !strings.HasSuffix(got, "00000000000000b2") {
		t.Fatalf("a waiting change is stamped %s after the rejoin", got)
	}
	d, _, _ := st.SyncDevice(ctx)
	if d.DeviceID != "d2" || d.AckedMID != 0 || d.MidBase != int64(len(entries)) {
		t.Fatalf("after the rejoin: %+v", d)
	}
	if pending, _ := st.Outbox(ctx, d.MidBase+d.AckedMID, 100); len(pending) != 3 {
		t.Fatalf("%d changes wait after the rejoin, want the 3 of the new family", len(pending))
	}
}
