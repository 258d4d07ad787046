package translations

import (
	"strconv"
	"time"
)

// Date writes a calendar day the way the language writes it, with the month
// by name ("March 4, 2025", "4 de marzo de 2025"). The zero time gives "".
func (l *Localizer) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l.T("format.date", map[string]any{
		"Day":       t.Day(),
		"Month":     int(t.Month()),
		"MonthName": l.T("month." + strconv.Itoa(int(t.Month()))),
		"Year":      t.Year(),
	})
}

// DateTime writes a moment as its day and time of day in the local zone.
func (l *Localizer) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.Local()
	return l.T("format.datetime", map[string]any{
		"Date": l.Date(t),
		"Time": t.Format(l.T("format.time_layout")),
	})
}

// Age writes a child's age from whole months: months alone under two years
// ("18 months"), then years and months ("2 years, 3 months"). A negative age
// (birth date unknown) gives the language's "age unknown".
func (l *Localizer) Age(months int) string {
	switch {
	case months < 0:
		return l.T("age.unknown")
	case months < 24:
		return l.N("age.months", months, nil)
	case months%12 == 0:
		return l.N("age.years", months/12, nil)
	}
	return l.T("age.join", map[string]any{
		"Years":  l.N("age.years", months/12, nil),
		"Months": l.N("age.months", months%12, nil),
	})
}
