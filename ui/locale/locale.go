// Package locale writes numbers and numeric dates the way each of the
// app's languages writes them, from patterns taken from the Unicode CLDR
// (short "yMd" date pattern, decimal and grouping symbols, grouping sizes,
// digits). Words such as month names and "years"/"months" come from the
// translations; this package holds only the patterns and the arithmetic.
//
// Arabic digits: CLDR's default for "ar" is Arabic-Indic digits (٠١٢٣…),
// but Trellis shows Western digits (0123…) in an Arabic UI by default, as
// CLDR does for ar-MA, ar-DZ and ar-TN. Phone numbers, ZIP codes, street
// numbers and case numbers come from US records in Western digits and are
// shown as stored; writing dates and counts in Arabic-Indic digits beside
// them would put two digit systems on one screen. Format.WithNativeDigits
// gives the Arabic-Indic form where it is wanted (for example in a printed
// summary for a family that reads them).
package locale

import (
	"strconv"
	"strings"
	"time"
)

// Format is how one language writes numbers and numeric dates.
type Format struct {
	Lang string
	// DatePattern is the CLDR-style short date: d/dd day, M/MM month,
	// yyyy year; any other character is copied.
	DatePattern string
	DecimalSep  string // decimal separator
	GroupSep    string // grouping (thousands) separator
	// GroupSize is the size of the lowest digit group, SecondaryGroup the
	// size of the groups above it (3 and 3, or 3 and 2 for Indian-style
	// grouping as in Punjabi: 12,34,567).
	GroupSize, SecondaryGroup int
	// MinGrouping is the fewest digits above the lowest group needed
	// before grouping starts (CLDR minimumGroupingDigits: Spanish writes
	// 1234 but 12.345).
	MinGrouping int
	// Digits are the ten digits used, "0123456789" for Western digits.
	Digits [10]rune
	// Native are the language's own digits when CLDR lists them as an
	// option (Arabic-Indic for Arabic), otherwise the same as Digits.
	Native [10]rune
}

var western = [10]rune{'0', '1', '2', '3', '4', '5', '6', '7', '8', '9'}
var arabicIndic = [10]rune{'٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'}

const nbsp = "\u00A0"

// formats holds the CLDR data for every UI language.
var formats = map[string]Format{
	"en":      {DatePattern: "M/d/yyyy", DecimalSep: ".", GroupSep: ",", MinGrouping: 1},
	"es":      {DatePattern: "d/M/yyyy", DecimalSep: ",", GroupSep: ".", MinGrouping: 2},
	"vi":      {DatePattern: "dd/MM/yyyy", DecimalSep: ",", GroupSep: ".", MinGrouping: 1},
	"zh-Hans": {DatePattern: "yyyy/M/d", DecimalSep: ".", GroupSep: ",", MinGrouping: 1},
	"zh-Hant": {DatePattern: "yyyy/M/d", DecimalSep: ".", GroupSep: ",", MinGrouping: 1},
	"so":      {DatePattern: "dd/MM/yyyy", DecimalSep: ".", GroupSep: ",", MinGrouping: 1},
	"ru":      {DatePattern: "dd.MM.yyyy", DecimalSep: ",", GroupSep: nbsp, MinGrouping: 1},
	"uk":      {DatePattern: "dd.MM.yyyy", DecimalSep: ",", GroupSep: nbsp, MinGrouping: 1},
	"ko":      {DatePattern: "yyyy. M. d.", DecimalSep: ".", GroupSep: ",", MinGrouping: 1},
	"am":      {DatePattern: "dd/MM/yyyy", DecimalSep: ".", GroupSep: ",", MinGrouping: 1},
	"ti":      {DatePattern: "dd/MM/yyyy", DecimalSep: ".", GroupSep: ",", MinGrouping: 1},
	"tl":      {DatePattern: "M/d/yyyy", DecimalSep: ".", GroupSep: ",", MinGrouping: 1},
	"pa":      {DatePattern: "d/M/yyyy", DecimalSep: ".", GroupSep: ",", MinGrouping: 1, SecondaryGroup: 2},
	// The right-to-left marks keep "d/M/yyyy" in that order inside Arabic
	// text, as CLDR's own pattern does.
	"ar": {DatePattern: "d\u200F/M\u200F/yyyy", DecimalSep: ".", GroupSep: ",", MinGrouping: 1,
		Native: arabicIndic},
}

// arabicNativeSeparators are the decimal and grouping signs CLDR pairs
// with Arabic-Indic digits.
const arabicDecimal, arabicGroup = "\u066B", "\u066C"

// For returns the format of a UI language (a BCP 47 tag: "ar", "zh-Hant",
// "zh-TW", "es-MX"), falling back from the region to the base language and
// then to English.
func For(lang string) Format {
	tag := strings.ReplaceAll(lang, "_", "-")
	key := tag
	if _, ok := formats[key]; !ok {
		base, rest, _ := strings.Cut(tag, "-")
		base = strings.ToLower(base)
		key = base
		if base == "zh" {
			key = "zh-Hans"
			for _, sub := range strings.Split(strings.ToUpper(rest), "-") {
				switch sub {
				case "HANT", "TW", "HK", "MO":
					key = "zh-Hant"
				}
			}
		}
		if _, ok := formats[key]; !ok {
			key = "en"
		}
	}
	f := formats[key]
	f.Lang = key
	if f.GroupSize == 0 {
		f.GroupSize = 3
	}
	if f.SecondaryGroup == 0 {
		f.SecondaryGroup = f.GroupSize
	}
	f.Digits = western
	if f.Native == ([10]rune{}) {
		f.Native = western
	}
	return f
}

// Languages lists the languages with their own format.
func Languages() []string {
	tags := make([]string, 0, len(formats))
	for t := range formats {
		tags = append(tags, t)
	}
	return tags
}

// WithNativeDigits returns f writing the language's own digits (and, for
// Arabic-Indic digits, the Arabic decimal and grouping signs).
func (f Format) WithNativeDigits() Format {
	if f.Native == f.Digits {
		return f
	}
	f.Digits = f.Native
	if f.Native == arabicIndic {
		f.DecimalSep, f.GroupSep = arabicDecimal, arabicGroup
	}
	return f
}

// digits rewrites the ASCII digits of s in f's digits.
func (f Format) digits(s string) string {
	if f.Digits == western {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return f.Digits[r-'0']
		}
		return r
	}, s)
}

// Date writes the calendar day of t as a short numeric date ("3/14/2025"
// in English, "14.03.2025" in Russian, "2025. 3. 14." in Korean). The zero
// time gives "".
func (f Format) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	var b strings.Builder
	p := f.DatePattern
	for len(p) > 0 {
		switch {
		case strings.HasPrefix(p, "yyyy"):
			b.WriteString(strconv.Itoa(t.Year()))
			p = p[4:]
		case strings.HasPrefix(p, "MM"):
			b.WriteString(twoDigits(int(t.Month())))
			p = p[2:]
		case strings.HasPrefix(p, "M"):
			b.WriteString(strconv.Itoa(int(t.Month())))
			p = p[1:]
		case strings.HasPrefix(p, "dd"):
			b.WriteString(twoDigits(t.Day()))
			p = p[2:]
		case strings.HasPrefix(p, "d"):
			b.WriteString(strconv.Itoa(t.Day()))
			p = p[1:]
		default:
			r := []rune(p)[0]
			b.WriteRune(r)
			p = p[len(string(r)):]
		}
	}
	return f.digits(b.String())
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Int writes a whole number with the language's grouping ("12,345",
// "12 345" with a no-break space in Russian, "12,34,567" in Punjabi).
func (f Format) Int(n int64) string {
	neg := n < 0
	s := strconv.FormatUint(absUint(n), 10)
	s = f.group(s)
	if neg {
		s = "-" + s
	}
	return f.digits(s)
}

func absUint(n int64) uint64 {
	if n < 0 {
		return uint64(-(n + 1)) + 1
	}
	return uint64(n)
}

// Decimal writes x rounded to places decimal places, grouped, with the
// language's decimal separator ("1,234.5" in English, "1234,5" in Spanish).
func (f Format) Decimal(x float64, places int) string {
	s := strconv.FormatFloat(x, 'f', max(places, 0), 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	out := f.group(whole)
	if frac != "" {
		out += f.DecimalSep + frac
	}
	if neg && strings.Trim(s, "0.") != "" {
		out = "-" + out
	}
	return f.digits(out)
}

// group inserts grouping separators into a string of ASCII digits.
func (f Format) group(s string) string {
	if len(s) < f.GroupSize+f.MinGrouping {
		return s
	}
	parts := []string{s[len(s)-f.GroupSize:]}
	s = s[:len(s)-f.GroupSize]
	for len(s) > f.SecondaryGroup {
		parts = append(parts, s[len(s)-f.SecondaryGroup:])
		s = s[:len(s)-f.SecondaryGroup]
	}
	if s != "" {
		parts = append(parts, s)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, f.GroupSep)
}

// AgeInMonths returns the number of whole months from birth to on (a child
// born on 31 January is one month old on the last day of February), or -1
// when birth is unknown (zero) or after on. The translations turn the
// months into words ("2 years, 3 months").
func AgeInMonths(birth, on time.Time) int {
	if birth.IsZero() || on.Before(birth) {
		return -1
	}
	by, bm, bd := birth.Date()
	oy, om, od := on.Date()
	months := (oy-by)*12 + int(om-bm)
	lastDay := time.Date(oy, om+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if od < bd && od < lastDay {
		months--
	}
	return months
}
