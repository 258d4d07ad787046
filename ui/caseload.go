package ui

import (
	"trellis/data/registry"
)

// Setting keys of the caseload (local to this laptop, never synced).
const (
	// SettingWholeOrg is "1" while Today, Families and Referrals show the
	// whole organization rather than the navigator's own families.
	SettingWholeOrg = "caseload_whole_org"
	// SettingSupervisor is "1" when the user supervises navigators: the
	// Caseloads screen is in the sidebar (an admin enrolment shows it too).
	SettingSupervisor = "supervisor"
)

// wholeOrg reports whether the lists show the whole organization.
func (s *Shell) wholeOrg() bool { return s.setting(SettingWholeOrg) == "1" }

// caseloadOf is the navigator whose families the lists show, or "" for
// the whole organization.
func (s *Shell) caseloadOf() string {
	if s.wholeOrg() {
		return ""
	}
	return s.navigator()
}

// supervisor reports whether the user sees every navigator's caseload and
// reassigns families: a setting, or an administrator's enrolment.
func (s *Shell) supervisor() bool {
	if s.setting(SettingSupervisor) == "1" {
		return true
	}
	d, ok, err := s.st.SyncDevice(s.ctx())
	return err == nil && ok && d.Role == registry.RoleAdmin
}

// scopeCheck is the "Whole organization" box of a list: ticked, the list
// shows every family of the organization, cleared only the navigator's
// own. The choice is remembered, and is the same on every list.
type scopeCheck struct {
	box *check
	sh  *Shell
}

// newScopeCheck makes the box; changed runs after the choice is saved.
func newScopeCheck(sh *Shell, changed func()) *scopeCheck {
	s := &scopeCheck{sh: sh}
	s.box = newCheck(sh, sh.T("caseload.whole_org"), func(on bool) {
		if sh.setFlag(SettingWholeOrg, on) {
			changed()
		}
	})
	s.box.Checked = sh.wholeOrg()
	return s
}

// sync shows the remembered choice (another list may have changed it),
// without running changed.
func (s *scopeCheck) sync() {
	if on := s.sh.wholeOrg(); on != s.box.Checked {
		s.box.Checked = on
		s.box.Refresh()
	}
}
