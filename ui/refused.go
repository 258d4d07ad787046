package ui

import (
	"context"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"trellis/data/store"
	"trellis/sync"
)

// refusedRow is a change the county server refused, with what the
// conflicts view needs to describe it.
type refusedRow struct {
	r      store.Rejection
	family string // the family the record belongs to, if it is a family's
}

// readRefused lists the newest limit refused changes not yet dismissed,
// with the names of their families, and how many more there are (off the
// UI goroutine).
func readRefused(ctx context.Context, st *store.Store, limit int) ([]refusedRow, int, error) {
	rs, err := st.NewestRejections(ctx, limit)
	if err != nil {
		return nil, 0, err
	}
	open, err := st.OpenRejections(ctx)
	if err != nil {
		return nil, 0, err
	}
	rows := make([]refusedRow, 0, len(rs))
	for _, r := range rs {
		row := refusedRow{r: r}
		hid, _ := r.Fields["household_id"].Value.(string)
		if r.Table == "households" {
			hid = r.RowID
		}
		if hid != "" {
			if h, err := st.Household(ctx, hid); err == nil {
				row.family = h.Name
			}
		}
		if row.family == "" && r.Table == "households" {
			row.family, _ = r.Fields["name"].Value.(string)
		}
		rows = append(rows, row)
	}
	return rows, max(open-len(rows), 0), nil
}

// refusedReasons are the messages for the server's reason codes.
var refusedReasons = map[string]string{
	sync.RejectPublicRole:     "refused.public_role",
	sync.RejectNotInOrg:       "refused.not_in_org",
	sync.RejectConflictCreate: "refused.conflict_create",
	sync.RejectConflictColumn: "refused.conflict_column",
	sync.RejectForeignStamp:   "refused.foreign_stamp",
	sync.RejectRole:           "refused.role",
	sync.RejectInsertOnly:     "refused.insert_only",
	sync.RejectShareRoute:     "refused.share_route",
	sync.RejectShareConsent:   "refused.share_consent",
	sync.RejectShareProvider:  "refused.share_provider",
	sync.RejectShareAnswer:    "refused.share_answer",
}

// refusedReason says in the user's words why the server refused a change.
func (s *Shell) refusedReason(r store.Rejection) string {
	if id, ok := refusedReasons[r.Code]; ok {
		return s.T(id)
	}
	return s.T("refused.other", map[string]any{"Reason": r.Reason})
}

// refusedRecord names the record a refused change was to.
func (s *Shell) refusedRecord(row refusedRow) string {
	r := row.r
	name := func(cols ...string) string {
		for _, c := range cols {
			if v, ok := r.Fields[c].Value.(string); ok && v != "" {
				return v
			}
		}
		return "—"
	}
	switch {
	case r.Table == "conflicts":
		return s.T("refused.conflict")
	case strings.HasPrefix(r.Table, "dir_"):
		return s.T("refused.directory", map[string]any{"Name": name("name", "alternate_name")})
	case strings.HasPrefix(r.Table, "material"):
		return s.T("refused.material", map[string]any{"Name": name("topic", "title", "name")})
	case row.family != "":
		return s.T("refused.family", map[string]any{"Family": row.family})
	}
	return s.T("refused.family_unknown")
}

// refusedTyped lists what the user had entered in a refused change, a
// field a line ("" if the change carried nothing to show).
func (s *Shell) refusedTyped(r store.Rejection) string {
	cols := make([]string, 0, len(r.Fields))
	for col := range r.Fields {
		if s.loc.Has("field."+col) && col != "household_id" && !strings.HasSuffix(col, "_id") {
			cols = append(cols, col)
		}
	}
	sort.Strings(cols)
	var parts []string
	for _, col := range cols {
		v := s.refusedValue(r.Fields[col].Value)
		if v == "" {
			continue
		}
		parts = append(parts, s.T("refused.field", map[string]any{"Field": s.T("field." + col), "Value": v}))
	}
	if len(parts) == 0 {
		return ""
	}
	return s.T("refused.typed") + "\n" + strings.Join(parts, "\n")
}

// refusedValue is one value of a refused change in plain words, cut short
// when long.
func (s *Shell) refusedValue(v any) string {
	const maxRunes = 80
	switch x := v.(type) {
	case string:
		if r := []rune(x); len(r) > maxRunes {
			return string(r[:maxRunes]) + "…"
		}
		return x
	case bool:
		if x {
			return s.T("conflicts.yes")
		}
		return s.T("conflicts.no")
	case int64:
		return s.num(int(x))
	case float64:
		return s.num(int(x))
	}
	return ""
}

// refusedItem is one refused change in the conflicts view: which record,
// why, what was typed, that it stays on this laptop, and Mark as read.
func (v *conflictsView) refusedItem(row refusedRow) fyne.CanvasObject {
	sh := v.sh
	heading := widget.NewLabelWithStyle(sh.refusedRecord(row), sh.leading(), fyne.TextStyle{Bold: true})
	lines := []string{sh.refusedReason(row.r)}
	if typed := sh.refusedTyped(row.r); typed != "" {
		lines = append(lines, typed)
	}
	lines = append(lines, sh.T("refused.kept", map[string]any{"When": sh.loc.DateTime(row.r.At.Local())}))
	body := widget.NewLabel(strings.Join(lines, "\n"))
	body.Wrapping = fyne.TextWrapWord
	dismiss := newButton(sh.T("refused.dismiss"), func() { v.dismiss(row.r.ID) })
	return container.NewVBox(heading, body, sh.mirror(container.NewHBox(dismiss)), widget.NewSeparator())
}

// dismissAll marks every refused change as read, those not listed too;
// the changes stay on this laptop.
func (v *conflictsView) dismissAll() {
	sh := v.sh
	if err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error {
		_, err := tx.DismissAllRejections()
		return err
	}); err != nil {
		sh.showError(err)
	}
	v.reload()
}

// dismiss marks a refused change as read; the change stays on this laptop.
func (v *conflictsView) dismiss(id int64) {
	sh := v.sh
	if err := sh.st.Write(sh.ctx(), func(tx *store.Tx) error { return tx.DismissRejection(id) }); err != nil {
		sh.showError(err)
	}
	v.reload()
}
