package store

import (
	"testing"

	"trellis/data"
)

// TestSearchInEveryLanguage stores a family and a translated service in
// each of the thirteen languages Trellis ships and searches for them the
// way a navigator types: without accents or tone marks, in another case,
// by the start of a word, or by two characters of Chinese or Korean.
func TestSearchInEveryLanguage(t *testing.T) {
	st, _ := openTest(t)
	cases := []struct {
		lang          string
		family, fq    string // stored family name, and the query that must find it
		service, desc string // translated service name and description
		sq            string // the query that must find the service
	}{
		{"en", "Johnson family", "JOHNS", "Parenting Group", "Weekly group for parents.", "parent"},
		{"es", "Familia Muñoz Peña", "munoz pena", "Guardería para niños", "Cuidado de niños pequeños.", "ninos guarderia"},
		{"vi", "Gia đình Nguyễn Ngân", "ngan", "Hỗ trợ gia đình", "Giúp đỡ cha mẹ có con nhỏ.", "gia dinh"},
		{"zh-Hans", "王小明家", "小明", "亲子育儿小组", "每周一次的育儿活动。", "育儿"},
		{"ko", "김민준 가족", "민준", "부모 교육 모임", "부모와 아이를 위한 모임입니다.", "부모"},
		{"so", "Qoyska Cabdi Xasan", "xasan", "Caafimaadka Maskaxda", "Taageero waalidiinta.", "caafimaad"},
		{"ru", "Семья Фёдоровых", "федоровых", "Ёлочка: группа для мам", "Встречи для родителей.", "елочка"},
		{"uk", "Родина Ковальчуків", "КОВАЛЬЧУК", "Їжачок: дитячий садок", "Садок для дітей.", "їжачок"},
		{"am", "የአበበ ቤተሰብ", "ቤተሰብ", "የወላጆች ቡድን", "ለወላጆች ሳምንታዊ ስብሰባ።", "ወላጆች"},
		{"ti", "ስድራ ቤት ተኽለ", "ስድራ", "ጉጅለ ወለዲ", "ንወለዲ ሰሙናዊ ኣኼባ።", "ወለዲ"},
		{"fil", "Pamilya Santo Niño", "nino", "Grupo ng mga Magulang", "Lingguhang pagtitipon ng mga magulang.", "magulang"},
		{"pa", "ਸਿੰਘ ਪਰਿਵਾਰ", "ਪਰਿਵਾਰ", "ਮਾਪਿਆਂ ਦਾ ਸਮੂਹ", "ਮਾਪਿਆਂ ਲਈ ਹਫ਼ਤਾਵਾਰੀ ਮੀਟਿੰਗ।", "ਮਾਪਿਆਂ"},
		{"ar", "عائلة مُحَمَّد", "محمد", "مجموعة الأطفال والآباء", "لقاء أسبوعي للأسر.", "اطفال"},
	}
	ids := map[string][2]string{}
	mustWrite(t, st, func(tx *Tx) error {
		for _, c := range cases {
			h := data.Household{Name: c.family, HomeLanguage: c.lang}
			if err := tx.AddHousehold(&h); err != nil {
				return err
			}
			// English is the directory's own language; the others are
			// translations of an English record.
			svc := data.Service{Name: c.service, Description: c.desc, Status: data.ServiceActive}
			if c.lang != DirectoryLanguage {
				svc.Name, svc.Description = "Service in "+c.lang, "English description"
			}
			if err := tx.Insert(&svc); err != nil {
				return err
			}
			if c.lang != DirectoryLanguage {
				if err := tx.Insert(&data.ServiceTranslation{ServiceID: svc.ID, Language: c.lang, Name: c.service, Description: c.desc}); err != nil {
					return err
				}
			}
			if err := tx.Insert(&data.Language{ServiceID: svc.ID, Code: c.lang}); err != nil {
				return err
			}
			ids[c.lang] = [2]string{h.ID, svc.ID}
		}
		return nil
	})
	for _, c := range cases {
		fams, err := st.SearchFamilies(ctx, c.fq, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if fams.Total != 1 || fams.Items[0].ID != ids[c.lang][0] {
			t.Errorf("%s: family search %q found %+v, want only %q", c.lang, c.fq, fams.Items, c.family)
		}
		svcs, err := st.SearchServices(ctx, DirectoryQuery{Text: c.sq, Language: c.lang, DisplayLanguage: c.lang, AgeMonths: AnyAge})
		if err != nil {
			t.Fatal(err)
		}
		if svcs.Total != 1 || svcs.Items[0].ID != ids[c.lang][1] || svcs.Items[0].Name != c.service {
			t.Errorf("%s: service search %q found %+v, want only %q", c.lang, c.sq, svcs.Items, c.service)
		}
	}
	// A word that is only a suffix elsewhere does not match in spaced
	// scripts: "son" must not find "Johnson".
	if p, _ := st.SearchFamilies(ctx, "son", 0, 0); p.Total != 0 {
		t.Errorf("search son found %+v", p.Items)
	}
}
