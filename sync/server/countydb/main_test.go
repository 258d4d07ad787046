package countydb

import (
	"context"
	"os"
	"testing"

	"trellis/sync/server/dbtest"
)

var ctx = context.Background()

func TestMain(m *testing.M) {
	code := m.Run()
	dbtest.DropDatabase()
	os.Exit(code)
}
