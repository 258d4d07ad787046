package server

import (
	"context"
	"errors"
	"testing"
	"trellis/data/registry"
	"trellis/sync/server/dbtest"

	"trellis/data"
	"trellis/data/store"
)

func TestPublishReachesDevicesAndKeepsTheirEdits(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		e.addUser("Harbor", "nav", registry.RoleNavigator)
		e.addUser("Harbor", "trainer", registry.RoleTrainer)
		nav := e.newDevice("nav", 0, nil)
		trainer := e.newDevice("trainer", 0, nil)

		svc := data.Service{ID: data.NewID(), Name: "Play group", Description: "Tuesdays", Status: data.ServiceActive, Source: "county"}
		phone := data.Phone{ID: data.NewID(), ServiceID: svc.ID, Number: "206-555-0100"}
		rep, err := Publish(ctx, e.st, PublishOptions{User: "admin", Now: e.clock.Now}, func(ctx context.Context, st *store.Store) error {
			return st.Write(ctx, func(tx *store.Tx) error {
				if err := tx.Upsert(&svc); err != nil {
					return err
				}
				return tx.Upsert(&phone)
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Published != 2 || rep.Pulled != 0 {
			t.Fatalf("first publish %+v", rep)
		}
		nav.sync(t)
		trainer.sync(t)
		if d, err := nav.st.Service(ctx, svc.ID); err != nil || d.Service.Name != "Play group" || len(d.Phones) != 1 {
			t.Fatalf("on the navigator's laptop: %+v %v", d, err)
		}

		// A trainer improves the description; the county then renames
		// the service. Both survive: the publisher starts from what
		// devices have and only stamps what it changes.
		trainer.write(t, func(tx *store.Tx) error {
			s, err := store.GetTx[data.Service](tx, svc.ID)
			if err != nil {
				return err
			}
			s.Description = "Tuesdays and Thursdays"
			return tx.Update(&s)
		})
		trainer.sync(t)
		rep, err = Publish(ctx, e.st, PublishOptions{User: "admin", Now: e.clock.Now}, func(ctx context.Context, st *store.Store) error {
			return st.Write(ctx, func(tx *store.Tx) error {
				s, err := store.GetTx[data.Service](tx, svc.ID)
				if err != nil {
					return err
				}
				s.Name = "Play and learn group"
				return tx.Update(&s)
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Published != 1 || rep.Pulled != 3 {
			t.Fatalf("second publish %+v", rep)
		}
		nav.sync(t)
		d, _ := nav.st.Service(ctx, svc.ID)
		if d.Service.Name != "Play and learn group" || d.Service.Description != "Tuesdays and Thursdays" {
			t.Errorf("after both edits: %+v", d.Service)
		}

		// A publish whose change fails publishes nothing.
		boom := errors.New("the file is broken")
		_, err = Publish(ctx, e.st, PublishOptions{User: "admin", Now: e.clock.Now}, func(ctx context.Context, st *store.Store) error {
			if err := st.Write(ctx, func(tx *store.Tx) error {
				s, _ := store.GetTx[data.Service](tx, svc.ID)
				s.Name = "Half-written"
				return tx.Update(&s)
			}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("failed publish: %v", err)
		}
		if r := nav.sync(t); r.Pulled != 0 {
			t.Errorf("a failed publish sent %d changes", r.Pulled)
		}

		// Only public records can be published.
		_, err = Publish(ctx, e.st, PublishOptions{User: "admin", Now: e.clock.Now}, func(ctx context.Context, st *store.Store) error {
			return st.Write(ctx, func(tx *store.Tx) error {
				return tx.AddHousehold(&data.Household{Name: "Not public", HomeLanguage: "en"})
			})
		})
		if err == nil {
			t.Error("a family was published to every device")
		}
	})
}
