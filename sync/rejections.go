package sync

import (
	"fmt"
	"sort"
	"strings"
)

// Reason codes of a change the server refuses (Rejected.Code), which the
// app translates for the user.
const (
	// RejectPublicRole: only trainers and administrators can change the
	// directory and the training materials.
	RejectPublicRole = "public_role"
	// RejectNotInOrg: the record is not one of the device's organization.
	RejectNotInOrg = "not_in_org"
	// RejectConflictCreate: conflicts are created by the server only.
	RejectConflictCreate = "conflict_create"
	// RejectConflictColumn: a device may change only a conflict's
	// resolution.
	RejectConflictColumn = "conflict_column"
	// RejectForeignStamp: a field carries another device's timestamp.
	RejectForeignStamp = "foreign_stamp"
	// RejectRole: the user's role may not change this kind of record (the
	// registry's write roles).
	RejectRole = "role"
	// RejectInsertOnly: the record is part of a history: it cannot be
	// changed once recorded, only deleted.
	RejectInsertOnly = "insert_only"
	// RejectShareRoute: a change of a shared record must name, unchanged,
	// the organization it is shared with.
	RejectShareRoute = "share_route"
	// RejectShareConsent: the family has no consent to share on record
	// (or withdrew it): the referral cannot be shared, and a withdrawn
	// share can only be emptied.
	RejectShareConsent = "share_consent"
	// RejectShareProvider: the organization is not linked to the
	// directory organization that runs the referral's service, or the
	// referral is not one of the device's organization.
	RejectShareProvider = "share_provider"
	// RejectShareAnswer: the referral answered was not shared with the
	// device's organization.
	RejectShareAnswer = "share_answer"
)

// rejectReasons are the server's words for each reason code (a format
// taking the code's details, such as the column).
var rejectReasons = map[string]string{
	RejectPublicRole:     "only trainers and administrators can change the directory and training materials",
	RejectNotInOrg:       "there is no such record in your organization",
	RejectConflictCreate: "conflicts are created by the server",
	RejectConflictColumn: "only a conflict's resolution can be changed",
	RejectForeignStamp:   "field %s was not stamped by this device",
	RejectRole:           "your role may not change this kind of record",
	RejectInsertOnly:     "this record cannot be changed once recorded",
	RejectShareRoute:     "a shared record must name, unchanged, the organization it is shared with",
	RejectShareConsent:   "the family has no consent to share on record",
	RejectShareProvider:  "the organization does not run this referral's service, or the referral is not your organization's",
	RejectShareAnswer:    "this referral was not shared with your organization",
}

// RejectCodes lists every reason code the server may send, sorted.
func RejectCodes() []string {
	codes := make([]string, 0, len(rejectReasons))
	for code := range rejectReasons {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	return codes
}

// Refusal is a reason to refuse a mutation, with its code.
func Refusal(code string, args ...any) Rejected {
	return Rejected{Code: code, Reason: fmt.Sprintf(rejectReasons[code], args...)}
}

// RejectionCode returns r's reason code. A server that sent only its words
// is understood when they are the words of a known reason; otherwise the
// code is "".
func RejectionCode(r Rejected) string {
	if r.Code != "" {
		return r.Code
	}
	for code, words := range rejectReasons {
		prefix, _, _ := strings.Cut(words, "%")
		if r.Reason == words || strings.Contains(words, "%") && strings.HasPrefix(r.Reason, prefix) {
			return code
		}
	}
	return ""
}
