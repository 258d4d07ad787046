package locale

import (
	"testing"
	"time"
)

var day = time.Date(2025, time.March, 4, 15, 0, 0, 0, time.UTC)

func TestDateIsWrittenTheLanguagesWay(t *testing.T) {
	want := map[string]string{
		"en": "3/4/2025", "es": "4/3/2025", "vi": "04/03/2025", "zh-Hans": "2025/3/4",
		"zh-Hant": "2025/3/4", "so": "04/03/2025", "ru": "04.03.2025", "uk": "04.03.2025",
		"ko": "2025. 3. 4.", "am": "04/03/2025", "ti": "04/03/2025", "tl": "3/4/2025",
		"pa": "4/3/2025", "ar": "4\u200F/3\u200F/2025",
	}
	if len(want) != len(Languages()) {
		t.Fatalf("%d languages have a format, %d are checked", len(Languages()), len(want))
	}
	for lang, w := range want {
		if got := For(lang).Date(day); got != w {
			t.Errorf("%s: Date = %q, want %q", lang, got, w)
		}
	}
	if got := For("en").Date(time.Time{}); got != "" {
		t.Errorf("zero date gave %q", got)
	}
	if got := For("ar").WithNativeDigits().Date(day); got != "٤\u200F/٣\u200F/٢٠٢٥" {
		t.Errorf("Arabic-Indic date = %q", got)
	}
}

func TestNumbersAreGroupedTheLanguagesWay(t *testing.T) {
	cases := []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 1234567, "1,234,567"},
		{"en", 999, "999"},
		{"en", -1234, "-1,234"},
		{"es", 1234, "1234"}, // Spanish groups from five digits
		{"es", 12345, "12.345"},
		{"ru", 12345, "12\u00A0345"},
		{"pa", 1234567, "12,34,567"},
		{"vi", 1000000, "1.000.000"},
		{"ar", 1234567, "1,234,567"},
	}
	for _, c := range cases {
		if got := For(c.lang).Int(c.n); got != c.want {
			t.Errorf("%s Int(%d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	if got := For("ar").WithNativeDigits().Int(1234567); got != "١٬٢٣٤٬٥٦٧" {
		t.Errorf("Arabic-Indic Int = %q", got)
	}
	if got := For("en").Int(-9223372036854775808); got != "-9,223,372,036,854,775,808" {
		t.Errorf("min int64 = %q", got)
	}
}

func TestDecimal(t *testing.T) {
	cases := []struct {
		lang   string
		x      float64
		places int
		want   string
	}{
		{"en", 1234.5, 1, "1,234.5"},
		{"es", 1234.5, 1, "1234,5"},
		{"uk", 12345.678, 2, "12\u00A0345,68"},
		{"en", -0.004, 2, "0.00"},
		{"en", -2.5, 0, "-2"},
	}
	for _, c := range cases {
		if got := For(c.lang).Decimal(c.x, c.places); got != c.want {
			t.Errorf("%s Decimal(%v, %d) = %q, want %q", c.lang, c.x, c.places, got, c.want)
		}
	}
	if got := For("ar").WithNativeDigits().Decimal(3.25, 2); got != "٣٫٢٥" {
		t.Errorf("Arabic-Indic decimal = %q", got)
	}
}

func TestForFallsBackFromRegionsAndUnknownLanguages(t *testing.T) {
	for tag, want := range map[string]string{
		"zh-TW": "zh-Hant", "zh-HK": "zh-Hant", "zh_Hant_TW": "zh-Hant", "zh-CN": "zh-Hans", "zh": "zh-Hans",
		"es-MX": "es", "AR-eg": "ar", "fr": "en", "": "en",
	} {
		if got := For(tag).Lang; got != want {
			t.Errorf("For(%q).Lang = %q, want %q", tag, got, want)
		}
	}
	if For("ru").WithNativeDigits().Digits != For("ru").Digits {
		t.Error("Russian has no other digits; WithNativeDigits should change nothing")
	}
}

func TestAgeInMonths(t *testing.T) {
	d := func(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		birth, on time.Time
		want      int
	}{
		{d(2023, 1, 15), d(2025, 4, 15), 27},
		{d(2023, 1, 15), d(2025, 4, 14), 26},
		{d(2024, 1, 31), d(2024, 2, 29), 1}, // last day of a shorter month
		{d(2024, 1, 31), d(2024, 2, 28), 0},
		{d(2025, 4, 1), d(2025, 4, 1), 0},
		{d(2025, 4, 2), d(2025, 4, 1), -1},
		{time.Time{}, d(2025, 4, 1), -1},
	}
	for _, c := range cases {
		if got := AgeInMonths(c.birth, c.on); got != c.want {
			t.Errorf("AgeInMonths(%s, %s) = %d, want %d", c.birth.Format(time.DateOnly), c.on.Format(time.DateOnly), got, c.want)
		}
	}
}
