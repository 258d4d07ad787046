package store

import (
	"context"
	"slices"
	"sort"

	"trellis/data"
	"trellis/data/report"
)

// Roster lists the people on the workforce roster, by name.
func (s *Store) Roster(ctx context.Context) ([]data.TrainingPerson, error) {
	return list[data.TrainingPerson](ctx, s, s.r, `FROM training_people t WHERE t.deleted = 0 ORDER BY t.name COLLATE NOCASE, t.id`)
}

// SavePerson adds p to the roster (it has no id) or saves its changes. A
// supervisor named must be on the roster.
func (tx *Tx) SavePerson(p *data.TrainingPerson) error {
	if p.SupervisorID != "" && p.SupervisorID != p.ID {
		ok, err := tx.exists("training_people", p.SupervisorID)
		if err != nil {
			return err
		}
		if !ok {
			c := data.Checker{Kind: "person"}
			c.Add("supervisor_id", data.CodeUnknownID, p.SupervisorID)
			return c.Err()
		}
	}
	if p.ID == "" {
		return tx.Insert(p)
	}
	return tx.Update(p)
}

// TrainingDetail is a training with the people who attended it.
type TrainingDetail struct {
	Training data.Training
	// Attendees are by name, each with the organization they worked for
	// when they attended.
	Attendees []data.TrainingPerson
}

// Trainings lists every training with its attendees, the latest first.
func (s *Store) Trainings(ctx context.Context) ([]TrainingDetail, error) {
	ts, err := list[data.Training](ctx, s, s.r, `FROM trainings t WHERE t.deleted = 0 ORDER BY t.held_on DESC, t.topic, t.id`)
	if err != nil {
		return nil, err
	}
	att, err := s.attendance(ctx)
	if err != nil {
		return nil, err
	}
	people, err := s.Roster(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]TrainingDetail, len(ts))
	for i, t := range ts {
		out[i].Training = t
		for _, p := range people {
			if a, ok := att[t.ID][p.ID]; ok {
				if a.Organization != "" {
					p.Organization = a.Organization
				}
				out[i].Attendees = append(out[i].Attendees, p)
			}
		}
	}
	return out, nil
}

// attendance maps each training to the people who attended it.
func (s *Store) attendance(ctx context.Context) (map[string]map[string]data.TrainingAttendance, error) {
	as, err := list[data.TrainingAttendance](ctx, s, s.r, `FROM training_attendance t WHERE t.deleted = 0`)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]data.TrainingAttendance{}
	for _, a := range as {
		if out[a.TrainingID] == nil {
			out[a.TrainingID] = map[string]data.TrainingAttendance{}
		}
		out[a.TrainingID][a.PersonID] = a
	}
	return out, nil
}

// SaveTraining adds t (it has no id) or saves its changes, and makes its
// attendance the people named: an attendance is added for each new one
// and deleted for each no longer named. Every person must be on the roster.
func (tx *Tx) SaveTraining(t *data.Training, personIDs []string) error {
	if t.ID == "" {
		if err := tx.Insert(t); err != nil {
			return err
		}
	} else if err := tx.Update(t); err != nil {
		return err
	}
	had, err := list[data.TrainingAttendance](tx.ctx, tx.s, txQuerier{tx}, `FROM training_attendance t WHERE t.training_id = ? AND t.deleted = 0`, t.ID)
	if err != nil {
		return err
	}
	for _, a := range had {
		if !slices.Contains(personIDs, a.PersonID) {
			if err := tx.Delete("training_attendance", a.ID); err != nil {
				return err
			}
		}
	}
	for _, id := range personIDs {
		if slices.ContainsFunc(had, func(a data.TrainingAttendance) bool { return a.PersonID == id }) {
			continue
		}
		had = append(had, data.TrainingAttendance{PersonID: id}) // named twice: once
		a := data.TrainingAttendance{TrainingID: t.ID, PersonID: id}
		if p, err := GetTx[data.TrainingPerson](tx, id); err == nil {
			a.Organization = p.Organization
		}
		if err := tx.Insert(&a); err != nil {
			return err
		}
	}
	return nil
}

// DeleteTraining deletes a training and its attendance.
func (tx *Tx) DeleteTraining(id string) error {
	had, err := list[data.TrainingAttendance](tx.ctx, tx.s, txQuerier{tx}, `FROM training_attendance t WHERE t.training_id = ? AND t.deleted = 0`, id)
	if err != nil {
		return err
	}
	for _, a := range had {
		if err := tx.Delete("training_attendance", a.ID); err != nil {
			return err
		}
	}
	return tx.Delete("trainings", id)
}

// NotGiven is the group of people who did not give a voluntary answer.
const NotGiven = "not_given"

// TrainingFigures count the people trained in a period. A person is
// counted once per group however many trainings they attended. The
// breakdowns by language and demographics are suppressed (data/report):
// a small count could point at one person.
type TrainingFigures struct {
	Trainings int     // trainings held
	Hours     float64 // their hours, added up
	People    report.Count
	// People trained, by the training's topic and by their organization
	// and role on the roster.
	ByTopic, ByOrganization, ByRole map[string]int
	// People trained by the languages they speak (a person in each), and
	// by their voluntary demographics; NotGiven for those who did not say.
	ByLanguage, ByGender, ByRaceEthnicity, ByAgeGroup map[string]report.Count
}

// TrainingFiguresFor counts the trainings held from..to (zero dates: no
// bound) and the people who attended them.
func (s *Store) TrainingFiguresFor(ctx context.Context, from, to data.Date) (TrainingFigures, error) {
	ts, err := s.Trainings(ctx)
	if err != nil {
		return TrainingFigures{}, err
	}
	f := TrainingFigures{ByTopic: map[string]int{}, ByOrganization: map[string]int{}, ByRole: map[string]int{}}
	people := map[string]data.TrainingPerson{} // the latest attendance's organization: trainings are latest first
	topics := map[string]map[string]bool{}
	for _, t := range ts {
		if !from.IsZero() && t.Training.On.Before(from) || !to.IsZero() && t.Training.On.After(to) {
			continue
		}
		f.Trainings++
		f.Hours += t.Training.Hours()
		for _, p := range t.Attendees {
			if _, seen := people[p.ID]; !seen {
				people[p.ID] = p
			}
			if topics[t.Training.Topic] == nil {
				topics[t.Training.Topic] = map[string]bool{}
			}
			topics[t.Training.Topic][p.ID] = true
		}
	}
	for topic, ps := range topics {
		f.ByTopic[topic] = len(ps)
	}
	f.People = report.Suppress(len(people))
	langs, gender, race, age := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, p := range people {
		f.ByOrganization[p.Organization]++
		f.ByRole[p.Role]++
		if len(p.Languages) == 0 {
			langs[NotGiven]++
		}
		for _, l := range p.Languages {
			langs[l]++
		}
		gender[orNotGiven(p.Gender)]++
		race[orNotGiven(p.RaceEthnicity)]++
		age[orNotGiven(p.AgeGroup)]++
	}
	f.ByLanguage = report.SuppressGroups(langs)
	f.ByGender = report.SuppressGroups(gender)
	f.ByRaceEthnicity = report.SuppressGroups(race)
	f.ByAgeGroup = report.SuppressGroups(age)
	return f, nil
}

func orNotGiven(s string) string {
	if s == "" {
		return NotGiven
	}
	return s
}

// SortedGroups returns a breakdown's groups, largest first, then by name.
func SortedGroups[V any](m map[string]V, count func(V) int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := count(m[out[i]]), count(m[out[j]])
		if a != b {
			return a > b
		}
		return out[i] < out[j]
	})
	return out
}
