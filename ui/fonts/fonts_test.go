package fonts

import (
	"testing"

	"fyne.io/fyne/v2/theme"

	embedded "trellis/assets/fonts"
)

// samples holds one sentence per UI language, with the language's own
// punctuation, as a navigator would read it in the app.
var samples = map[string]string{
	"en":      "Find a parenting group near you: 3 services, 98101.",
	"es":      "¿Busca un grupo para padres cerca de usted? Mañana, 3 años.",
	"vi":      "Tìm nhóm hỗ trợ cha mẹ gần bạn. Đặt lịch hẹn theo dõi.",
	"zh-Hans": "为您的孩子寻找附近的家长支持小组：３个服务，请于明天联系。",
	"zh-Hant": "為您的孩子尋找附近的家長支援小組：３個服務，請於明天聯繫。",
	"so":      "Raadi koox waalidiin oo kuu dhow. Ilmaha wuxuu jiraa 3 sano.",
	"ru":      "Найдите группу поддержки родителей рядом с вами. Ёлка, ъ.",
	"uk":      "Знайдіть групу підтримки батьків поруч із вами. Ґанок, їжа, є.",
	"ko":      "가까운 부모 지원 모임을 찾아보세요. 아이는 세 살입니다.",
	"am":      "በአቅራቢያዎ የወላጆች ድጋፍ ቡድን ያግኙ። ልጁ ፫ ዓመቱ ነው፣ እሺ።",
	"ti":      "ኣብ ጥቓኹም ዘሎ ናይ ወለዲ ደገፍ ጉጅለ ድለዩ። ቈልዓ ሰለስተ ዓመት እዩ።",
	"tl":      "Maghanap ng grupo ng mga magulang na malapit sa iyo. Ñ.",
	"pa":      "ਆਪਣੇ ਨੇੜੇ ਮਾਪਿਆਂ ਦਾ ਸਹਾਇਤਾ ਸਮੂਹ ਲੱਭੋ। ਬੱਚਾ ਤਿੰਨ ਸਾਲ ਦਾ ਹੈ।",
	"ar":      "ابحث عن مجموعة دعم للوالدين بالقرب منك؟ الرمز البريدي ٩٨١٠١، Head Start.",
}

func TestEverySampleIsCoveredByTheChosenFontAndFyneFallback(t *testing.T) {
	for lang, text := range samples {
		if got := Missing(text, For(lang), theme.DefaultTextFont()); len(got) > 0 {
			t.Errorf("%s: no glyph for %q in %v", lang, string(got), For(lang))
		}
		if got := Missing(text, Bold(lang), theme.DefaultTextBoldFont()); len(got) > 0 {
			t.Errorf("%s bold: no glyph for %q", lang, string(got))
		}
	}
}

func TestNonLatinScriptsNeedTheBundledFont(t *testing.T) {
	for lang, text := range samples {
		script := ScriptOf(lang)
		fyneAlone := Missing(text, theme.DefaultTextFont())
		if script == "" {
			if For(lang) != nil || len(fyneAlone) > 0 {
				t.Errorf("%s: Fyne's font should draw it alone (font %v, missing %q)", lang, For(lang), string(fyneAlone))
			}
			continue
		}
		if len(fyneAlone) == 0 {
			t.Errorf("%s: Fyne's own font drew every glyph, the sample does not exercise script %s", lang, script)
		}
		// Every letter of the script itself must come from the bundled font.
		var letters []rune
		for _, r := range text {
			if r > 0x7f {
				letters = append(letters, r)
			}
		}
		if got := Missing(string(letters), For(lang)); len(got) > 0 {
			t.Errorf("%s: bundled font %s lacks %q", lang, For(lang).Name(), string(got))
		}
	}
}

func TestScriptOfResolvesRegionalTags(t *testing.T) {
	cases := map[string]Script{
		"ar": Arabic, "ar-EG": Arabic, "am": Ethiopic, "ti": Ethiopic, "pa": Gurmukhi,
		"ko": Hangul, "ko_KR": Hangul, "zh-Hans": Han, "zh-Hant": Han, "zh-TW": Han,
		"en": "", "vi": "", "ru": "", "uk": "", "so": "", "tl": "", "es-MX": "",
	}
	for tag, want := range cases {
		if got := ScriptOf(tag); got != want {
			t.Errorf("ScriptOf(%q) = %q, want %q", tag, got, want)
		}
	}
}

func TestBoldUsesTheBoldFaceWhereOneIsBundled(t *testing.T) {
	if Bold("ar").Name() != embedded.ArabicBold || For("ar").Name() != embedded.ArabicRegular {
		t.Errorf("Arabic: regular %s, bold %s", For("ar").Name(), Bold("ar").Name())
	}
	if Bold("zh-Hant") != For("zh-Hant") {
		t.Error("Chinese has no bold face; Bold should fall back to the regular face")
	}
	if Bold("es") != nil {
		t.Error("Spanish should use Fyne's own bold")
	}
}

func TestEveryBundledFileParsesAndIsUsed(t *testing.T) {
	used := map[string]bool{}
	for _, pair := range files {
		used[pair[0]], used[pair[1]] = true, true
	}
	for _, name := range embedded.Names() {
		if !used[name] {
			t.Errorf("%s is bundled but no language uses it", name)
		}
		if _, err := parse(resource(name)); err != nil {
			t.Error(err)
		}
	}
}

func TestMissingReportsEachAbsentRuneOnceAndIgnoresFormatting(t *testing.T) {
	got := Missing("a\u200Fb\u200Dc ㄱ가가", theme.DefaultTextFont())
	if string(got) != "ㄱ가" {
		t.Errorf("Missing = %q, want %q", string(got), "ㄱ가")
	}
	if got := Missing("가", nil, For("ko")); len(got) != 0 {
		t.Errorf("a nil face should be skipped, got %q", string(got))
	}
}
