package store

import (
	"testing"

	"trellis/data"
)

// A translation is shown to readers of the same language in the same
// script: Simplified Chinese is not handed to a Traditional Chinese reader
// (who gets the English with its language marked), while zh and zh-CN
// readers get it, and es-MX readers get the Spanish.
func TestTranslationsAreShownOnlyInTheirScript(t *testing.T) {
	st, _ := openTest(t)
	var svcID string
	mustWrite(t, st, func(tx *Tx) error {
		svc := data.Service{Name: "Parent-Child Playgroup", Description: "Weekly playgroup.", Status: data.ServiceActive}
		if err := tx.Insert(&svc); err != nil {
			return err
		}
		svcID = svc.ID
		for _, tr := range []data.ServiceTranslation{
			{ServiceID: svc.ID, Language: "zh-Hans", Name: "亲子游戏小组"},
			{ServiceID: svc.ID, Language: "es", Name: "Grupo de juego"},
		} {
			if err := tx.Insert(&tr); err != nil {
				return err
			}
		}
		return nil
	})
	d, err := st.Service(ctx, svcID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, name, in string }{
		{"zh-Hans", "亲子游戏小组", "zh-Hans"},
		{"zh", "亲子游戏小组", "zh-Hans"},
		{"zh-CN", "亲子游戏小组", "zh-Hans"},
		{"zh-Hant", "Parent-Child Playgroup", DirectoryLanguage},
		{"zh-TW", "Parent-Child Playgroup", DirectoryLanguage},
		{"es-MX", "Grupo de juego", "es"},
	} {
		if name, _, _, in := d.Translated(c.lang); name != c.name || in != c.in {
			t.Errorf("Translated(%s) = %q in %s, want %q in %s", c.lang, name, in, c.name, c.in)
		}
		page, err := st.SearchServices(ctx, DirectoryQuery{DisplayLanguage: c.lang, AgeMonths: AnyAge})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 || page.Items[0].Name != c.name || page.Items[0].Language != c.in {
			t.Errorf("directory list in %s shows %+v, want %q in %s", c.lang, page.Items, c.name, c.in)
		}
	}

	m := MaterialDetail{Versions: []data.MaterialVersion{{Language: "en", Title: "Sleep"}, {Language: "zh-Hans", Title: "睡眠"}}}
	if v, ok := m.Version("zh-Hant"); ok || v.Language != "en" {
		t.Errorf("material for zh-Hant: %q (%s), ok=%v; want the English, not in the reader's language", v.Title, v.Language, ok)
	}
	if v, ok := m.Version("zh-CN"); !ok || v.Language != "zh-Hans" {
		t.Errorf("material for zh-CN: %q (%s), ok=%v; want the Simplified version", v.Title, v.Language, ok)
	}
}
