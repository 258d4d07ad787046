package sync

import "testing"

func TestRejectionCodeUnderstandsAServerThatSentOnlyWords(t *testing.T) {
	for _, tc := range []struct {
		r    Rejected
		want string
	}{
		{Rejected{Code: RejectPublicRole, Reason: "anything"}, RejectPublicRole},
		{Rejected{Reason: "there is no such record in your organization"}, RejectNotInOrg},
		{Rejected{Reason: "field notes was not stamped by this device"}, RejectForeignStamp},
		{Rejected{Reason: Refusal(RejectConflictColumn).Reason}, RejectConflictColumn},
		{Rejected{Reason: "the moon is full"}, ""},
	} {
		if got := RejectionCode(tc.r); got != tc.want {
			t.Errorf("RejectionCode(%+v) = %q, want %q", tc.r, got, tc.want)
		}
	}
}
