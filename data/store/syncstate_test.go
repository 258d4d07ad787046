package store

import (
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
		_, err := tx.ApplyRemote(data.Change{Table: "households", ID: h.ID, Fields: map[string]data.FieldValue{
			data.DeletedField: {Value: int64(1), HLC: "000000000002000000000000000000bb"}}})
		return err
	})
	if _, err := st.Household(ctx, h.ID); err == nil {
		t.Fatal("the delete did not apply")
	}
}
