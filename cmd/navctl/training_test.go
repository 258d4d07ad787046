package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// addPerson adds a person to the roster through navctl and returns the id.
func addPerson(t *testing.T, dir string, args ...string) string {
	t.Helper()
	code, out, errOut := navctl(t, dir, append([]string{"--json", "training", "person", "add"}, args...)...)
	var p struct{ ID string }
	if code != 0 || json.Unmarshal([]byte(out), &p) != nil || p.ID == "" {
		t.Fatalf("training person add %v: %d %q %q", args, code, out, errOut)
	}
	return p.ID
}

// A trainer records a roster and a training with its attendance through
// navctl; the report counts each person once per group, shows the small
// demographic groups as <11 (the next smallest too, when only one is
// small), never their true size (in --json too), and counts only the
// period asked for.
func TestTrainingAttendanceAndFigures(t *testing.T) {
	dir := t.TempDir()
	var ids []string
	for i := 0; i < 14; i++ {
		gender := "woman"
		if i >= 11 {
			gender = "man" // 3: hidden, and so is "woman" (11), the next smallest
		}
		org := "Harbor"
		if i%2 == 1 {
			org = "Bayside"
		}
		ids = append(ids, addPerson(t, dir, "--name", fmt.Sprintf("Person %02d", i), "--role", "parent_educator",
			"--organization", org, "--languages", "es,en", "--gender", gender))
	}
	attended := strings.Join(ids, ",")
	for _, tr := range [][]string{
		{"--topic", "Developmental screening", "--on", "2026-03-02", "--hours", "2.5", "--language", "es", "--trainer", "Tess", "--attended", attended},
		{"--topic", "Developmental screening", "--on", "2026-04-06", "--hours", "1", "--language", "en", "--trainer", "Tess", "--attended", attended},
		{"--topic", "Eligibility", "--on", "2025-01-10", "--hours", "3", "--language", "en", "--trainer", "Tess", "--attended", ids[0] + "," + ids[0]},
	} {
		if code, out, errOut := navctl(t, dir, append([]string{"training", "add"}, tr...)...); code != 0 {
			t.Fatalf("training add: %d %q %q", code, out, errOut)
		}
	}
	code, out, errOut := navctl(t, dir, "training", "report", "--from", "2026-01-01")
	if code != 0 {
		t.Fatalf("training report: %d %q", code, errOut)
	}
	for _, want := range []string{
		"2 trainings, 3.5 hours; people trained: 14",
		"Developmental screening                14",
		"Harbor                                  7",
		"es                                     14",
		"man                                   <11",
		"woman                                 <11",
		"not_given                              14",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Eligibility") {
		t.Errorf("the report counts a training before --from:\n%s", out)
	}
	code, out, _ = navctl(t, dir, "--json", "training", "report")
	var figs struct {
		People   string
		ByTopic  map[string]int    `json:"by_topic"`
		ByGender map[string]string `json:"by_gender"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &figs) != nil {
		t.Fatalf("training report --json: %d %q", code, out)
	}
	if figs.ByTopic["Eligibility"] != 1 || figs.ByGender["man"] != "<11" || figs.ByGender["woman"] != "<11" || strings.Contains(out, `"N"`) {
		t.Fatalf("the JSON report: %s", out)
	}
	code, out, _ = navctl(t, dir, "training", "list")
	if code != 0 || !strings.Contains(out, "2.5") || !strings.Contains(out, "Person 00, Person 01") {
		t.Fatalf("training list: %d %q", code, out)
	}
}

// Bad input names what is wrong and records nothing.
func TestTrainingBadInputRecordsNothing(t *testing.T) {
	dir := t.TempDir()
	id := addPerson(t, dir, "--name", "Ana", "--role", "navigator", "--organization", "Harbor")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--topic", "Screening", "--on", "2026-03-02", "--hours", "many", "--language", "es", "--trainer", "Tess"}, "hours"},
		{[]string{"--topic", "Screening", "--on", "2026-03-02", "--hours", "30", "--language", "es", "--trainer", "Tess"}, "minutes"},
		{[]string{"--topic", "Screening", "--on", "2026-03-02", "--hours", "2", "--language", "xx-nonsense", "--trainer", "Tess"}, "language"},
		{[]string{"--topic", "Screening", "--on", "2026-03-02", "--hours", "2", "--language", "es", "--trainer", "Tess", "--attended", id + ",01ARZ3NDEKTSV4RRFFQ69G5FAV"}, "person_id"},
	} {
		code, _, errOut := navctl(t, dir, append([]string{"training", "add"}, c.args...)...)
		if code != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("training add %v: exit %d, %q; want an error naming %s", c.args, code, errOut, c.want)
		}
	}
	code, out, _ := navctl(t, dir, "--json", "training", "list")
	if code != 0 || strings.TrimSpace(out) != "null" && strings.TrimSpace(out) != "[]" {
		t.Fatalf("after refused trainings, training list: %q", out)
	}
	code, _, errOut := navctl(t, dir, "training", "person", "add", "--name", "Bo", "--role", "navigator", "--organization", "Harbor", "--gender", "w")
	if code != 1 || !strings.Contains(errOut, "gender") {
		t.Fatalf("a person with a made-up gender: %d %q", code, errOut)
	}
}
