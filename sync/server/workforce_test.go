package server

import (
	"testing"

	"trellis/data"
	"trellis/data/registry"
	"trellis/data/store"
	"trellis/sync/server/dbtest"
)

// workforceTables are the tables of the workforce's trainings.
var workforceTables = []string{"training_people", "trainings", "training_attendance"}

// A training and its attendance recorded on a trainer's laptop before it
// syncs (offline) reach another trainer's laptop and the administrator's
// of the same organization, and not a navigator's of that organization,
// nor a trainer's or a navigator's of another one; a supervisor of the
// organization receives the roster and not the trainings. Against the
// real server on SQLite and PostgreSQL.
func TestATrainingReachesTheRightLaptopsOnly(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		for _, u := range []struct{ org, user, role string }{
			{"Harbor", "tess", registry.RoleTrainer}, {"Harbor", "theo", registry.RoleTrainer},
			{"Harbor", "adam", registry.RoleAdmin}, {"Harbor", "ana", registry.RoleNavigator},
			{"Harbor", "sue", registry.RoleSupervisor},
			{"Elsewhere", "eli", registry.RoleTrainer}, {"Elsewhere", "eva", registry.RoleNavigator},
		} {
			e.addUser(u.org, u.user, u.role)
		}
		tess := e.newDevice("tess", 0, nil)
		var p data.TrainingPerson
		var tr data.Training
		tess.write(t, func(tx *store.Tx) error {
			p = data.TrainingPerson{Name: "Rosa Diaz", Role: "parent_educator", Organization: "Harbor Family Center", Languages: []string{"es"}}
			if err := tx.SavePerson(&p); err != nil {
				return err
			}
			tr = data.Training{Topic: "Developmental screening", On: data.DateOf(e.clock.Now()), Minutes: 150, Language: "es", Trainer: "Tess"}
			return tx.SaveTraining(&tr, []string{p.ID})
		})
		if rep := tess.sync(t); rep.Rejected != 0 {
			t.Fatalf("the trainer's sync refused %d changes", rep.Rejected)
		}
		for _, c := range []struct {
			user          string
			roster, train bool
		}{
			{"theo", true, true}, {"adam", true, true}, {"sue", true, false},
			{"ana", false, false}, {"eli", false, false}, {"eva", false, false},
		} {
			lap := e.newDevice(c.user, 0, nil)
			lap.sync(t)
			for _, table := range workforceTables {
				want := c.train
				if table == "training_people" {
					want = c.roster
				}
				if n := countRows(t, lap.st, table); (n > 0) != want {
					t.Errorf("%s's laptop holds %d rows of %s; want them: %v", c.user, n, table, want)
				}
			}
			if !c.train {
				continue
			}
			ts, err := lap.st.Trainings(ctx)
			if err != nil || len(ts) != 1 || ts[0].Training.Minutes != 150 || len(ts[0].Attendees) != 1 || ts[0].Attendees[0].Name != "Rosa Diaz" {
				t.Fatalf("%s's laptop has the trainings %+v, %v", c.user, ts, err)
			}
		}
	})
}
