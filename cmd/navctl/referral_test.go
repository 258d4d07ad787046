package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"trellis/data"
	"trellis/data/store"
)

func TestContactScreeningReferralFollowUp(t *testing.T) {
	dir := t.TempDir()
	h := addFamilyJSON(t, dir, "--name", "Gia đình Trần", "--language", "vi", "--navigator", "Linh Tran")
	st := inspect(t, dir)
	svc := data.Service{Name: "Speech therapy", Status: data.ServiceActive}
	if err := st.Write(ctx, func(tx *store.Tx) error { return tx.Insert(&svc) }); err != nil {
		t.Fatal(err)
	}
	st.Close()

	code, out, _ := navctl(t, dir, "--json", "child", "add", h.ID, "--given", "Ngân", "--born", "2024-06-01")
	var child data.Member
	if err := json.Unmarshal([]byte(out), &child); code != 0 || err != nil || child.Role != data.RoleChild {
		t.Fatalf("child add: %d %v %s", code, err, out)
	}
	if code, out, _ = navctl(t, dir, "contact", "add", h.ID, "--kind", "home_visit", "--at", "2026-01-10", "--notes", "Met both parents"); code != 0 {
		t.Fatalf("contact add: %d %s", code, out)
	}
	if code, out, _ = navctl(t, dir, "screening", "add", child.ID, "--tool", "asqse2", "--outcome", "refer", "--score", "85", "--on", "2026-01-10"); code != 0 {
		t.Fatalf("screening add: %d %s", code, out)
	}
	code, out, _ = navctl(t, dir, "--json", "referral", "create", h.ID, svc.ID, "--child", child.ID, "--reason", "ASQ:SE-2 above cutoff", "--priority", "urgent")
	var created struct {
		Referral store.ReferralSummary `json:"referral"`
		History  []data.ReferralEvent  `json:"history"`
	}
	if err := json.Unmarshal([]byte(out), &created); code != 0 || err != nil || created.Referral.Status != data.StatusRequested || len(created.History) != 1 {
		t.Fatalf("referral create: %d %v %s", code, err, out)
	}
	refID := created.Referral.ID
	for _, status := range []string{data.StatusAccepted, data.StatusInProgress} {
		if code, out, _ := navctl(t, dir, "referral", "status", refID, status, "--note", "called"); code != 0 || !strings.Contains(out, status) {
			t.Fatalf("referral status %s: %d %q", status, code, out)
		}
	}
	code, out, _ = navctl(t, dir, "referral", "list", "--status", "in-progress")
	if code != 0 || !strings.Contains(out, refID) || !strings.Contains(out, "Speech therapy") || !strings.Contains(out, "1 referrals") {
		t.Fatalf("referral list: %d\n%s", code, out)
	}
	if code, out, _ = navctl(t, dir, "referral", "list", "--status", "completed"); !strings.Contains(out, "0 referrals") {
		t.Fatalf("referral list --status completed:\n%s", out)
	}

	today := time.Now().Format(time.DateOnly)
	code, out, _ = navctl(t, dir, "--json", "followup", "add", h.ID, "--due", today, "--referral", refID, "--note", "Did intake happen?")
	var fu data.FollowUp
	if err := json.Unmarshal([]byte(out), &fu); code != 0 || err != nil {
		t.Fatalf("followup add: %d %v %s", code, err, out)
	}
	code, out, _ = navctl(t, dir, "followup", "due")
	if code != 0 || !strings.Contains(out, fu.ID) || !strings.Contains(out, "Gia đình Trần") {
		t.Fatalf("followup due:\n%s", out)
	}
	if code, out, _ = navctl(t, dir, "followup", "done", fu.ID, "--by", "Linh Tran"); code != 0 {
		t.Fatalf("followup done: %d %s", code, out)
	}
	code, out, _ = navctl(t, dir, "--json", "followup", "due")
	var due []data.FollowUp
	if err := json.Unmarshal([]byte(out), &due); code != 0 || err != nil || len(due) != 0 {
		t.Fatalf("followup due after done: %d %v %s", code, err, out)
	}

	st = inspect(t, dir)
	contacts, _ := st.Contacts(ctx, h.ID)
	screenings, _ := st.Screenings(ctx, h.ID)
	ref, _ := st.Referral(ctx, refID)
	hist, _ := st.ReferralHistory(ctx, refID)
	f, _ := store.Get[data.FollowUp](ctx, st, fu.ID)
	if len(contacts) != 1 || contacts[0].Language != "vi" || contacts[0].Kind != data.KindHomeVisit || contacts[0].Notes != "Met both parents" {
		t.Fatalf("contacts %+v", contacts)
	}
	if len(screenings) != 1 || screenings[0].HouseholdID != h.ID || *screenings[0].Score != 85 || screenings[0].Language != "vi" {
		t.Fatalf("screenings %+v", screenings)
	}
	if ref.Status != data.StatusInProgress || ref.Priority != data.PriorityUrgent || ref.ChildID != child.ID || len(hist) != 3 || hist[2].PrevID != hist[1].ID {
		t.Fatalf("referral %+v history %+v", ref, hist)
	}
	if !f.Done() || f.DoneBy != "Linh Tran" {
		t.Fatalf("follow-up %+v", f)
	}
}
