package hsds

import (
	"fmt"
	"strings"

	"trellis/data"
)

// Code names one kind of problem with an HSDS input. It is stable: the
// app looks up its message in the user's language by it ("hsds.problem."
// + the code), and scripts may test for it. The parameters of a problem
// (Problem's Value, Expected, Found, Target, Other, Got, Want, Limit) fill
// in the message.
type Code string

// The kinds of problem with a whole input: it cannot be read as HSDS, so
// nothing in it can be imported.
const (
	CodeEmptyFile      Code = "empty_file"       // the file is empty (no JSON value, no CSV header row)
	CodeTruncated      Code = "truncated"        // the JSON ends in the middle of a value
	CodeBadJSON        Code = "bad_json"         // a JSON syntax error, at At's line and column (Detail: the parser's words)
	CodeBadCSV         Code = "bad_csv"          // a CSV syntax error, at At's line and column (Detail: the parser's words)
	CodeNotHSDS        Code = "not_hsds"         // JSON that is not a list, page or object of services (Found: what it is)
	CodeNotServices    Code = "not_services"     // HSDS objects of another kind (Target: "location", "taxonomy")
	CodeNoServices     Code = "no_services"      // no service at all: importing would empty the directory
	CodeNoneValid      Code = "none_valid"       // every service has a problem, so leaving them out leaves nothing
	CodeNoDescriptor   Code = "no_descriptor"    // a folder without datapackage.json
	CodeBadDescriptor  Code = "bad_descriptor"   // datapackage.json is not valid JSON (Detail: the parser's words)
	CodeNotDataPackage Code = "not_data_package" // datapackage.json lists none of the HSDS tables
	CodeNoIDColumn     Code = "no_id_column"     // a CSV header row without an id column (Target: the table)
	CodeUnreadable     Code = "unreadable"       // a file that cannot be read (Detail: the system's words)
)

// The kinds of problem with one file of a data package or one record.
// Leaving the records out (Options.SkipInvalid) lets the rest in.
const (
	CodeOutsidePackage  Code = "outside_package"   // a data package resource outside the package's folder
	CodeBadResourcePath Code = "bad_resource_path" // a data package resource whose path is not one file name
	CodeWrongType       Code = "wrong_type"        // Field holds a value of the wrong JSON type (Expected, Found)
	CodeWrongItem       Code = "wrong_item"        // a list item that is not a Record object (Found)
	CodeNotANumber      Code = "not_a_number"      // Field holds Value, which is not a usable number
	CodeFieldCount      Code = "field_count"       // a CSV row with Got fields where the header has Want
	CodeRequired        Code = "required"          // Field is missing or empty
	CodeDuplicateID     Code = "duplicate_id"      // ID is also used by another record of the table, at Other
	CodeNotUUID         Code = "not_uuid"          // Field holds Value, which is not a UUID
	CodeUnknownRef      Code = "unknown_reference" // Field refers to the Target with id Value, which the input does not have
	CodeParentRejected  Code = "parent_rejected"   // Field refers to the Target with id Value, which was rejected
	CodeTaggedRejected  Code = "tagged_rejected"   // an attribute tags the record Value, which was rejected
	CodeTooLong         Code = "too_long"          // Field is longer than Limit characters
	CodeBadLanguage     Code = "invalid_language"  // Field holds Value, which is not a known language tag
	CodeBadChoice       Code = "invalid_choice"    // Field holds Value, which is not one of the values allowed there
	CodeBadPhone        Code = "invalid_phone"     // Field holds Value, which is not a phone number
	CodeBadZIP          Code = "invalid_zip"       // Field holds Value, which is not a ZIP code
	CodeBadEmail        Code = "invalid_email"     // Field holds Value, which is not an e-mail address
	CodeBadDate         Code = "invalid_date"      // Field holds Value, which is not a date
	CodeFutureDate      Code = "future_date"       // Field holds the date Value, which is in the future
	CodeTooOld          Code = "too_old"           // Field holds the date Value, more than 120 years ago
	CodeOutOfRange      Code = "out_of_range"      // Field holds a number outside its range
	CodeInvalid         Code = "invalid"           // the record is refused for another reason (Detail)
)

// Codes lists every Code, for whoever must have a message for each.
func Codes() []Code {
	return []Code{
		CodeEmptyFile, CodeTruncated, CodeBadJSON, CodeBadCSV, CodeNotHSDS, CodeNotServices, CodeNoServices, CodeNoneValid,
		CodeNoDescriptor, CodeBadDescriptor, CodeNotDataPackage, CodeNoIDColumn, CodeUnreadable,
		CodeOutsidePackage, CodeBadResourcePath, CodeWrongType, CodeWrongItem, CodeNotANumber, CodeFieldCount,
		CodeRequired, CodeDuplicateID, CodeNotUUID, CodeUnknownRef, CodeParentRejected, CodeTaggedRejected,
		CodeTooLong, CodeBadLanguage, CodeBadChoice, CodeBadPhone, CodeBadZIP, CodeBadEmail, CodeBadDate,
		CodeFutureDate, CodeTooOld, CodeOutOfRange, CodeInvalid,
	}
}

// fieldCodes gives the Code of each data.FieldError code.
var fieldCodes = map[string]Code{
	data.CodeRequired:        CodeRequired,
	data.CodeTooLong:         CodeTooLong,
	data.CodeInvalidLanguage: CodeBadLanguage,
	data.CodeInvalidPhone:    CodeBadPhone,
	data.CodeInvalidZIP:      CodeBadZIP,
	data.CodeInvalidEmail:    CodeBadEmail,
	data.CodeInvalidChoice:   CodeBadChoice,
	data.CodeInvalidDate:     CodeBadDate,
	data.CodeFutureDate:      CodeFutureDate,
	data.CodeTooOld:          CodeTooOld,
	data.CodeUnknownID:       CodeNotUUID, // the directory's records check their ids are UUIDs
	data.CodeOutOfRange:      CodeOutOfRange,
	data.CodeInvalidType:     CodeWrongType,
}

// Kind is the type of a JSON value, for CodeWrongType and CodeWrongItem.
type Kind string

// The kinds of JSON value.
const (
	KindNull   Kind = "null"
	KindString Kind = "string"
	KindNumber Kind = "number"
	KindBool   Kind = "boolean"
	KindList   Kind = "list"
	KindObject Kind = "object"
)

// Kinds lists every Kind.
func Kinds() []Kind {
	return []Kind{KindNull, KindString, KindNumber, KindBool, KindList, KindObject}
}

// english names the kind in an English sentence: "a string".
func (k Kind) english() string {
	switch k {
	case KindNull:
		return "null"
	case KindString:
		return "a string"
	case KindNumber:
		return "a number"
	case KindBool:
		return "true/false"
	case KindList:
		return "a list"
	case KindObject:
		return "an object"
	}
	return string(k)
}

// kindOf returns the kind of a value from the JSON decoder (with
// UseNumber).
func kindOf(v any) Kind {
	switch v.(type) {
	case nil:
		return KindNull
	case string:
		return KindString
	case jsonNumber:
		return KindNumber
	case bool:
		return KindBool
	case []any:
		return KindList
	case map[string]any:
		return KindObject
	}
	return Kind(fmt.Sprintf("%T", v))
}

// Place is where in a file a problem is: a CSV row, a line and column (of
// a syntax error), or a JSON path. The zero Place is the file as a whole.
type Place struct {
	Row    int    `json:"row,omitempty"` // a CSV row, counting the header as row 1
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	Path   string `json:"path,omitempty"` // a JSON path such as $.contents[0].phones[1]
}

// atRow is the Place of a CSV row.
func atRow(n int) Place { return Place{Row: n} }

// atPath is the Place of a JSON value.
func atPath(p string) Place { return Place{Path: p} }

// String says where in English: "row 3", "line 1, column 9" or the path.
func (p Place) String() string {
	switch {
	case p.Row > 0:
		return fmt.Sprintf("row %d", p.Row)
	case p.Line > 0:
		return fmt.Sprintf("line %d, column %d", p.Line, p.Column)
	}
	return p.Path
}

// english is the problem's Message: what is wrong, in English.
func (p Problem) english() string {
	table := strings.ReplaceAll(p.Target, "_", " ")
	switch p.Code {
	case CodeEmptyFile:
		if p.At.Row > 0 {
			return "the file is empty: expected a header row"
		}
		return "not valid JSON: the file is empty"
	case CodeTruncated:
		return "not valid JSON: the file ends too early"
	case CodeBadJSON:
		return "not valid JSON: " + p.Detail
	case CodeBadCSV:
		return "not valid CSV: " + p.Detail
	case CodeNotHSDS:
		if p.Found == KindObject {
			return "not HSDS: expected a list of service objects, a page with \"contents\", or a service object"
		}
		return "not HSDS: expected a list of service objects, found " + p.Found.english()
	case CodeNotServices:
		return "this is an HSDS " + table + ", not a service: import services (or organizations with their services)"
	case CodeNoServices:
		return "there are no services in it, so it would empty the directory"
	case CodeNoneValid:
		return "no service in the HSDS input could be imported; nothing was imported"
	case CodeNoDescriptor:
		return "not an HSDS data package: there is no datapackage.json in the folder"
	case CodeBadDescriptor:
		return "not a data package descriptor: " + p.Detail
	case CodeNotDataPackage:
		return "not an HSDS data package: it lists none of organizations, services, locations, ..."
	case CodeNoIDColumn:
		return "not an HSDS " + p.Value + ": there is no id column"
	case CodeUnreadable:
		return "cannot be read: " + p.Detail
	case CodeOutsidePackage:
		return "the file must be inside the data package's folder"
	case CodeBadResourcePath:
		return "expected one file name"
	case CodeWrongType:
		return fmt.Sprintf("expected %s, found %s", p.Expected.english(), p.Found.english())
	case CodeWrongItem:
		return fmt.Sprintf("expected a %s object, found %s", strings.ReplaceAll(p.Record, "_", " "), p.Found.english())
	case CodeNotANumber:
		return fmt.Sprintf("%q is not a number", p.Value)
	case CodeFieldCount:
		return fmt.Sprintf("has %d fields, the header has %d", p.Got, p.Want)
	case CodeRequired:
		return "is required"
	case CodeDuplicateID:
		return "the same id is also used at " + p.Other.String()
	case CodeNotUUID:
		return fmt.Sprintf("%q is not a UUID", p.Value)
	case CodeUnknownRef:
		return fmt.Sprintf("no %s with id %q in this directory", table, p.Value)
	case CodeParentRejected:
		return fmt.Sprintf("the %s %s it belongs to was rejected", table, p.Value)
	case CodeTaggedRejected:
		return fmt.Sprintf("the record %s it tags was rejected", p.Value)
	case CodeInvalid:
		return p.Detail
	}
	for dc, c := range fieldCodes {
		if c == p.Code && c != CodeNotUUID && c != CodeRequired {
			msg := data.FieldError{Field: p.Field, Code: dc, Value: p.Value, Limit: p.Limit}.Error()
			return strings.TrimPrefix(strings.TrimPrefix(msg, p.Field+": "), p.Field+" ")
		}
	}
	return "invalid (" + string(p.Code) + ")"
}
