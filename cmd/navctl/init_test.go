package main

import (
	"context"
	"testing"

	"trellis/data/store"
)

func TestInitSetsTheNavigatorName(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := navctl(t, dir, "init", "--navigator", "  Ana Navigator "); code != 0 {
		t.Fatalf("init --navigator: %d %s", code, errOut)
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if name, err := st.Setting(context.Background(), settingNavigator); err != nil || name != "Ana Navigator" {
		t.Errorf("navigator setting %q, %v", name, err)
	}
	if code, _, _ := navctl(t, dir, "init", "--navigator"); code != 2 {
		t.Errorf("--navigator without a name exited %d, want 2", code)
	}
}
