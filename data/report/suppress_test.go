package report

import "testing"

func TestSuppressHidesOneToTen(t *testing.T) {
	for n, want := range map[int]string{0: "0", 1: "<11", 10: "<11", 11: "11", 250: "250"} {
		if got := Suppress(n).String(); got != want {
			t.Errorf("Suppress(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSuppressGroupsHidesASecondGroupWhenOneIsHidden(t *testing.T) {
	got := SuppressGroups(map[string]int{"so": 4, "es": 40, "am": 15, "none": 0})
	if !got["so"].Hidden || !got["am"].Hidden {
		t.Fatalf("so (4) and the next smallest, am (15), must be hidden: %+v", got)
	}
	if got["es"].Hidden || got["none"].Hidden {
		t.Fatalf("es (40) and an empty group stay shown: %+v", got)
	}
	// Two groups already hidden: nothing more is hidden.
	got = SuppressGroups(map[string]int{"so": 4, "ti": 3, "es": 40})
	if got["es"].Hidden {
		t.Fatalf("es must stay shown when two small groups hide each other: %+v", got)
	}
}
