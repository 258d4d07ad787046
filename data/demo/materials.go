package demo

import "trellis/data"

// trainingMaterials are the demo's training materials: topic, audience and
// title and Markdown body by language.
var trainingMaterials = []struct {
	topic, audience string
	versions        map[string][2]string
}{
	{"Screening", "navigators", map[string][2]string{
		"en": {"Talking with families about ASQ:SE-2 results",
			"# Talking with families about ASQ:SE-2 results\n\n" +
				"1. Start with what the parent told you about their child's strengths.\n" +
				"2. Explain that the ASQ:SE-2 is a **screening**, not a diagnosis.\n" +
				"3. If the score is above the cutoff, offer a referral and ask what would help most.\n\n" +
				"Use the family's home language, with an interpreter when needed.\n"},
		"es": {"Cómo hablar con las familias sobre los resultados del ASQ:SE-2",
			"# Cómo hablar con las familias sobre los resultados del ASQ:SE-2\n\n" +
				"1. Empiece con las fortalezas del niño que la familia le contó.\n" +
				"2. Explique que el ASQ:SE-2 es una **evaluación de detección**, no un diagnóstico.\n" +
				"3. Si el puntaje está por encima del límite, ofrezca una referencia y pregunte qué les ayudaría más.\n"},
	}},
	{"Responsive caregiving", "parent_educators", map[string][2]string{
		"en": {"Serve and return: everyday moments that build the brain",
			"# Serve and return\n\nWhen a baby babbles, points or cries and an adult responds, the baby's brain builds connections.\n\n" +
				"- Notice the serve.\n- Return it with words, a smile or a hug.\n- Take turns, and wait.\n"},
		"vi": {"Giao và đáp: những khoảnh khắc hằng ngày giúp não bộ phát triển",
			"# Giao và đáp\n\nKhi em bé bập bẹ, chỉ tay hay khóc và người lớn đáp lại, não bộ của bé hình thành các kết nối.\n"},
		"so": {"Dir iyo ka jawaab: daqiiqado maalinle ah oo dhisa maskaxda",
			"# Dir iyo ka jawaab\n\nMarka ilmuhu dhawaaqo, farta fiiqo ama ooyo oo qof weyni uga jawaabo, maskaxda ilmaha ayaa xiriirro dhisa.\n"},
	}},
	{"Referrals", "navigators", map[string][2]string{
		"en": {"Warm handoffs to early intervention",
			"# Warm handoffs to early intervention\n\nCall the intake line **with** the family when you can, so they hear a friendly voice first. " +
				"Record the referral in Trellis and set a follow-up for one week.\n"},
		"zh-Hans": {"热情转介到早期干预",
			"# 热情转介到早期干预\n\n尽可能**和家长一起**拨打登记电话，让家长先听到友善的声音。在 Trellis 中记录转介，并设定一周后的跟进。\n"},
	}},
	{"Navigator wellbeing", "navigators", map[string][2]string{
		"en": {"Looking after yourself in this work",
			"# Looking after yourself\n\nHearing families' hardships is heavy. Schedule reflective supervision, take your breaks, and talk with your team.\n"},
		"ar": {"الاعتناء بنفسك في هذا العمل",
			"# الاعتناء بنفسك\n\nالاستماع إلى صعوبات الأسر أمر مرهق. خصص وقتاً للإشراف التأملي، وخذ فترات راحتك، وتحدث مع فريقك.\n"},
	}},
}

// materials writes the training materials, published, with their versions.
func (g *generator) materials() error {
	for _, tm := range trainingMaterials {
		m := data.Material{ID: g.newID(), Topic: tm.topic, Audience: tm.audience,
			Status: data.MaterialPublished, Author: "Cedar County training team"}
		if err := g.tx.Insert(&m); err != nil {
			return err
		}
		for _, lang := range []string{"en", "es", "vi", "so", "zh-Hans", "ar"} {
			v, ok := tm.versions[lang]
			if !ok {
				continue
			}
			mv := data.MaterialVersion{ID: g.newID(), MaterialID: m.ID, Language: lang, Title: v[0], Body: v[1]}
			if err := g.tx.SaveMaterialVersion(&mv); err != nil {
				return err
			}
		}
		g.sum.Materials++
	}
	return nil
}
