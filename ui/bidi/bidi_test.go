package bidi

import (
	"strings"
	"testing"
	"unicode"

	xbidi "golang.org/x/text/unicode/bidi"
)

// rev spells an Arabic word the way it lies on screen, first letter at the
// right (code points reversed).
func rev(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

const (
	age     = "عمره"   // "his age"
	years   = "سنوات"  // "years"
	service = "الخدمة" // "the service"
	hello   = "مرحبا"  // "hello"
	zip     = "الرمز"  // "the code"
)

var cases = []struct {
	name    string
	logical string
	rtl     bool
	visual  string // left to right on screen
}{
	{"digits inside an Arabic sentence", age + " 3 " + years, true, rev(years) + " 3 " + rev(age)},
	{"Latin name and number after an Arabic label", service + ": Head Start (98101)", true,
		"Head Start (98101) :" + rev(service)},
	{"number in brackets after Arabic", service + " (98101)", true, "(98101) " + rev(service)},
	{"brackets around Arabic are mirrored", "(" + hello + ")", true, "(" + rev(hello) + ")"},
	{"Arabic-Indic digits keep their order", zip + " ٩٨١٠١", true, "٩٨١٠١ " + rev(zip)},
	{"two Latin words between Arabic words", hello + " Maria Lopez " + age, true,
		rev(age) + " Maria Lopez " + rev(hello)},
	{"Arabic inside an English line", "Child: " + age + " 3 " + years, false,
		"Child: " + rev(years) + " 3 " + rev(age)},
	{"number after Arabic, then English", "عمر 3 abc", false, "3 " + rev("عمر") + " abc"},
	{"middle dots and commas between Arabic and Latin", "Open Arms · رسوم حسب الدخل · الإنجليزية, الإسبانية", true,
		rev("الإسبانية") + " ," + rev("الإنجليزية") + " · " + rev("رسوم حسب الدخل") + " · Open Arms"},
	{"English only is untouched", "Head Start (98101), 3 years", false, "Head Start (98101), 3 years"},
	{"English only in an RTL paragraph keeps its order", "Head Start 2", true, "Head Start 2"},
	{"phone number after an Arabic label", "الهاتف: 253-555-0163", true, "253-555-0163 :" + rev("الهاتف")},
	{"ZIP+4 after Arabic", zip + " 98101-1234", true, "98101-1234 " + rev(zip)},
	{"currency and percent signs stay with their numbers", "الرسوم: $25 أو 10%", true,
		"10% " + rev("أو") + " $25 :" + rev("الرسوم")},
	{"a number between Arabic words", "منذ 14 يومًا", true, rev("يومًا") + " 14 " + rev("منذ")},
	{"isolated Latin names keep the numbers after them out", Isolate("Yamen Al-Ali") + " (4 " + years + "), " +
		Isolate("Taim Al-Ali") + " (3 " + years + ")", true,
		"(" + rev(years) + " 3) Taim Al-Ali ,(" + rev(years) + " 4) Yamen Al-Ali"},
	{"isolated address starting with a number", "العنوان: " + Isolate("37528 Valley Rd"), true,
		"37528 Valley Rd :" + rev("العنوان")},
	{"Arabic quotes around a Latin word point outwards", "الحقل «status» مفقود", true,
		rev("مفقود") + " «status» " + rev("الحقل")},
	{"Arabic quotes around an Arabic word point outwards", "القيمة «" + hello + "» خطأ", true,
		rev("خطأ") + " «" + rev(hello) + "» " + rev("القيمة")},
	{"isolated text in an English line loses its marks", "Name: " + Isolate("Head Start"), false, "Name: Head Start"},
}

func TestStartsRTL(t *testing.T) {
	for text, want := range map[string]bool{
		"1200 Rainier Ave S, شقة 4": false,
		"بعد 5 مساءً or weekends":   true,
		"(206) 555-0101":            true, // no letter: the fallback
		"Nguyen":                    false,
	} {
		if got := StartsRTL(text, true); got != want {
			t.Errorf("StartsRTL(%q) = %v", text, got)
		}
	}
	if StartsRTL("98101", false) {
		t.Error("digits only took no fallback")
	}
}

func TestVisualOrder(t *testing.T) {
	for _, c := range cases {
		if got := VisualOrder(c.logical, c.rtl); got != c.visual {
			t.Errorf("%s:\n got  %q\n want %q", c.name, got, c.visual)
		}
	}
}

// fyneDraws mimics how Fyne lays out a string: x/text's bidi runs in string
// order, left to right, each right-to-left run drawn reversed (and its
// brackets mirrored) by the shaper; direction marks draw nothing.
func fyneDraws(s string) string {
	var p xbidi.Paragraph
	if _, err := p.SetString(s, xbidi.DefaultDirection(xbidi.LeftToRight)); err != nil {
		panic(err)
	}
	o, err := p.Order()
	if err != nil {
		panic(err)
	}
	var b strings.Builder
	for i := 0; i < o.NumRuns(); i++ {
		r := o.Run(i)
		if r.Direction() == xbidi.RightToLeft {
			b.WriteString(reverseMirrored(r.String())) // a shaper mirrors every Bidi_Mirrored character
		} else {
			b.WriteString(r.String())
		}
	}
	return Strip(b.String())
}

func TestDisplayIsDrawnInVisualOrderByAFyneLikeRenderer(t *testing.T) {
	for _, c := range cases {
		shown := Display(c.logical, c.rtl)
		if got := fyneDraws(shown); got != c.visual {
			t.Errorf("%s: Display gives %q, drawn as\n got  %q\n want %q", c.name, shown, got, c.visual)
		}
	}
	// Without Display, mixed lines come out wrong: the test can tell.
	if got := fyneDraws(age + " 3 " + years); got == rev(years)+" 3 "+rev(age) {
		t.Error("the renderer model already orders runs; the test would prove nothing")
	}
}

func TestDisplayLeavesLeftToRightTextAlone(t *testing.T) {
	for _, s := range []string{"", "Head Start (98101)", "Привет, 3 мира", "가까운 3"} {
		if got := Display(s, true); got != s {
			t.Errorf("Display(%q) = %q", s, got)
		}
	}
}

func TestDisplayHandlesEachLine(t *testing.T) {
	in := service + ": Head Start\n" + age + " 3 " + years
	lines := strings.Split(Display(in, true), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines", len(lines))
	}
	if got := fyneDraws(lines[0]); got != "Head Start :"+rev(service) {
		t.Errorf("line 1 drawn as %q", got)
	}
	if got := fyneDraws(lines[1]); got != rev(years)+" 3 "+rev(age) {
		t.Errorf("line 2 drawn as %q", got)
	}
}

func TestIsRTL(t *testing.T) {
	for tag, want := range map[string]bool{"ar": true, "ar-EG": true, "AR": true, "he": true,
		"en": false, "zh-Hant": false, "am": false, "pa": false, "": false} {
		if IsRTL(tag) != want {
			t.Errorf("IsRTL(%q) = %v", tag, !want)
		}
	}
}

// Fyne splits a run where the font changes and lays the pieces out left to
// right, so every piece Display leaves for the shaper to reverse must be
// Arabic script only (the Arabic font has all of it).
func TestDisplayLeavesOnlyArabicScriptForTheShaperToReverse(t *testing.T) {
	for _, c := range cases {
		var p xbidi.Paragraph
		shown := Display(c.logical, c.rtl)
		p.SetString(shown, xbidi.DefaultDirection(xbidi.LeftToRight))
		o, _ := p.Order()
		for i := 0; i < o.NumRuns(); i++ {
			r := o.Run(i)
			if r.Direction() != xbidi.RightToLeft {
				continue
			}
			for _, ch := range Strip(r.String()) {
				if ch != ' ' && !unicode.Is(unicode.Arabic, ch) && !unicode.Is(unicode.Mn, ch) {
					t.Errorf("%s: right-to-left piece %q holds %q", c.name, r.String(), ch)
				}
			}
		}
	}
}
