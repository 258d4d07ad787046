package e2e

import (
	"os"
	"testing"
)

func TestExplore(t *testing.T) {
	if os.Getenv("EXPLORE") == "" {
		t.Skip()
	}
	a := newApp(t, os.Getenv("EXPLORE"))
	a.start()
	m := a.snapshot()
	t.Log(describe(m))
	a.shot("start")
}
