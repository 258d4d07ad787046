package textsearch

import "testing"

func TestFold(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Niños y Familias", "ninos y familias"},
		{"Ngân Hàng Thực Phẩm", "ngan hang thuc pham"},
		{"Đặng", "dang"},
		{"ÉCOLE—Über", "ecole uber"},
		{"Ёлка", "елка"},
		{"  spaces\tand\npunctuation!! ", "spaces and punctuation"},
		{"ＡＢＣ１２３", "abc123"},         // full-width
		{"الأطفالُ", "الاطفال"},      // alef variant and a haraka
		{"부모 교육", "부모 교육"},           // Hangul survives decomposition
		{"ਮਾਪੇ", "ਮਾਪੇ"},             // Gurmukhi vowel signs kept
		{"ወላጆች፡ትምህርት", "ወላጆች ትምህርት"}, // Ethiopic wordspace separates
		{"Straße", "strasse"},
	}
	for _, c := range cases {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestMatchEveryLanguage covers each language Trellis ships: a document in
// that language and queries that must and must not find it.
func TestMatchEveryLanguage(t *testing.T) {
	cases := []struct {
		lang, doc string
		hits      []string
		misses    []string
	}{
		{"en", "Parenting Group for families with toddlers", []string{"parent", "GROUP tod", "families"}, []string{"renting", "infant"}},
		{"es", "Grupo de crianza para niños pequeños", []string{"ninos", "niños", "pequenos crianza", "NIÑ"}, []string{"ninas"}},
		{"vi", "Nhóm hỗ trợ cha mẹ và trẻ nhỏ", []string{"ho tro", "cha me", "nhom", "trẻ"}, []string{"tre lon"}},
		{"zh-Hans", "育儿小组和家庭访问服务", []string{"育儿", "家庭", "访问服务", "组"}, []string{"儿童"}},
		{"zh-Hant", "育兒小組與家庭訪問", []string{"育兒", "訪問"}, []string{"育儿"}},
		{"so", "Kooxda waalidiinta iyo carruurta yaryar", []string{"waalid", "carruur", "kooxda"}, []string{"dugsi"}},
		{"ru", "Группа для родителей и малышей", []string{"родител", "малыш", "группа"}, []string{"школа"}},
		{"uk", "Група підтримки для батьків і малюків", []string{"батьк", "підтримки", "малюк"}, []string{"школа"}},
		{"ko", "부모교육 그룹과 가정방문", []string{"부모", "교육", "가정방문", "방문"}, []string{"학교"}},
		{"am", "የወላጆች ቡድን እና የቤት ጉብኝት", []string{"ቡድን", "ጉብኝት", "ወላጆች", "ቤት"}, []string{"ትምህርት", "ላጆች"}},
		{"ti", "ጉጅለ ወለዲ ንህጻናት", []string{"ወለዲ", "ንህጻናት", "ህጻናት"}, []string{"ቤት", "ጻናት"}},
		{"tl", "Grupo ng mga magulang at mga bata", []string{"magulang", "bata"}, []string{"paaralan"}},
		{"pa", "ਮਾਪਿਆਂ ਲਈ ਸਹਾਇਤਾ ਸਮੂਹ", []string{"ਮਾਪਿਆਂ", "ਸਹਾਇਤਾ", "ਸਮੂ"}, []string{"ਸਕੂਲ"}},
		{"ar", "مجموعة دعم الوالدين والأطفال", []string{"مجموعة", "اطفال", "الأطفال", "والدين", "دعم"}, []string{"مدرسة"}},
	}
	for _, c := range cases {
		doc := NewDoc(c.doc)
		for _, q := range c.hits {
			if ok, _ := ParseQuery(q).Match(doc); !ok {
				t.Errorf("%s: %q does not find %q (folded %q)", c.lang, q, c.doc, doc)
			}
		}
		for _, q := range c.misses {
			if ok, _ := ParseQuery(q).Match(doc); ok {
				t.Errorf("%s: %q finds %q but should not", c.lang, q, c.doc)
			}
		}
	}
}

func TestEarlierMatchScoresHigher(t *testing.T) {
	q := ParseQuery("home")
	_, inName := q.Match(NewDoc("Home visiting", "Nurses visit families"))
	_, inDesc := q.Match(NewDoc("Nurse visits", "Nurses visit families at home"))
	if inName <= inDesc {
		t.Fatalf("match in the name scored %d, in the description %d", inName, inDesc)
	}
}

func TestEmptyQueryMatchesEverything(t *testing.T) {
	q := ParseQuery("  ,, ")
	if !q.Empty() {
		t.Fatal("a query of punctuation is not empty")
	}
	if ok, _ := q.Match(NewDoc("anything")); !ok {
		t.Fatal("an empty query did not match")
	}
}

func TestASCIIFoldIsTheUnicodeFold(t *testing.T) {
	for _, s := range []string{"Parent-Child Playgroup – Riverside"[:22], "  WIC Nutrition Program (ages 0-4)!! ", "A", "---", "Call 206-555-0100, ext. 12", "O'Brien & Sons\tLLC\n"} {
		if got, want := foldASCII(s), foldUnicode(s); got != want {
			t.Errorf("Fold(%q): ASCII path %q, Unicode path %q", s, got, want)
		}
	}
}
