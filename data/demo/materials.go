package demo

import "trellis/data"

// trainingMaterials are the demo's training materials: topic, audience and
// title and Markdown body by language, and who reviewed which translation.
var trainingMaterials = []struct {
	topic, audience string
	versions        map[string][2]string
	reviewedBy      map[string]string
}{
	{"Developmental screening", "families", map[string][2]string{
		"en": {"What is a developmental screening?",
			"A screening is a short set of questions about how your child plays, talks, moves and gets along with others. It takes about 15 minutes.\n\n" +
				"- It is **free**, and you can stop at any time.\n" +
				"- It is not a test your child passes or fails.\n" +
				"- You know your child best: your answers matter most.\n\n" +
				"If the screening shows that your child might need extra help, your navigator can connect you with services in your language.\n"},
		"es": {"¿Qué es una evaluación del desarrollo?",
			"Una evaluación es un grupo corto de preguntas sobre cómo su hijo juega, habla, se mueve y se relaciona con los demás. Toma unos 15 minutos.\n\n" +
				"- Es **gratuita** y puede parar en cualquier momento.\n" +
				"- No es un examen que su hijo aprueba o reprueba.\n" +
				"- Usted es quien mejor conoce a su hijo: sus respuestas son lo más importante.\n\n" +
				"Si la evaluación muestra que su hijo podría necesitar ayuda adicional, su navegadora puede conectarle con servicios en su idioma.\n"},
		"am": {"የዕድገት ምርመራ ምንድን ነው?",
			"ምርመራው ልጅዎ እንዴት እንደሚጫወት፣ እንደሚናገር፣ እንደሚንቀሳቀስ እና ከሌሎች ጋር እንደሚግባባ የሚጠይቁ አጭር ጥያቄዎች ናቸው። ወደ 15 ደቂቃ ያህል ይወስዳል።\n\n" +
				"- **ነፃ** ነው፤ በማንኛውም ጊዜ ማቆም ይችላሉ።\n" +
				"- ልጅዎ የሚያልፍበት ወይም የሚወድቅበት ፈተና አይደለም።\n" +
				"- ልጅዎን ከማንም በላይ የሚያውቁት እርስዎ ነዎት፤ የእርስዎ መልሶች ከሁሉም በላይ ጠቃሚ ናቸው።\n\n" +
				"ምርመራው ልጅዎ ተጨማሪ እርዳታ ሊያስፈልገው እንደሚችል ካሳየ፣ አገናኝዎ በቋንቋዎ አገልግሎት ከሚሰጡ ድርጅቶች ጋር ሊያገናኝዎት ይችላል።\n"},
		"ar": {"ما هو فحص النمو؟",
			"الفحص مجموعة قصيرة من الأسئلة عن طريقة لعب طفلك وكلامه وحركته وتعامله مع الآخرين. يستغرق نحو 15 دقيقة.\n\n" +
				"- الفحص **مجاني** ويمكنك التوقف في أي وقت.\n" +
				"- ليس امتحانًا ينجح فيه طفلك أو يرسب.\n" +
				"- أنت أعرف الناس بطفلك: إجاباتك هي الأهم.\n\n" +
				"إذا أظهر الفحص أن طفلك قد يحتاج إلى مساعدة إضافية، يمكن لمرشدك أن يصلك بخدمات بلغتك.\n"},
		"zh-Hant": {"什麼是發展篩檢？",
			"篩檢是一組簡短的問題，詢問您的孩子如何玩耍、說話、活動以及與他人相處。大約需要 15 分鐘。\n\n" +
				"- 篩檢是**免費**的，您可以隨時停止。\n" +
				"- 這不是一個讓孩子通過或不通過的考試。\n" +
				"- 您最了解您的孩子：您的回答最重要。\n\n" +
				"如果篩檢顯示您的孩子可能需要額外的幫助，您的聯絡員可以為您介紹以您的語言提供的服務。\n"},
	}, map[string]string{"am": "Selam Tesfaye", "es": "Lucía Hernández"}},
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
	}, nil},
	{"Responsive caregiving", "parent_educators", map[string][2]string{
		"en": {"Serve and return: everyday moments that build the brain",
			"# Serve and return\n\nWhen a baby babbles, points or cries and an adult responds, the baby's brain builds connections.\n\n" +
				"- Notice the serve.\n- Return it with words, a smile or a hug.\n- Take turns, and wait.\n"},
		"vi": {"Giao và đáp: những khoảnh khắc hằng ngày giúp não bộ phát triển",
			"# Giao và đáp\n\nKhi em bé bập bẹ, chỉ tay hay khóc và người lớn đáp lại, não bộ của bé hình thành các kết nối.\n"},
		"so": {"Dir iyo ka jawaab: daqiiqado maalinle ah oo dhisa maskaxda",
			"# Dir iyo ka jawaab\n\nMarka ilmuhu dhawaaqo, farta fiiqo ama ooyo oo qof weyni uga jawaabo, maskaxda ilmaha ayaa xiriirro dhisa.\n"},
	}, nil},
	{"Referrals", "navigators", map[string][2]string{
		"en": {"Warm handoffs to early intervention",
			"# Warm handoffs to early intervention\n\nCall the intake line **with** the family when you can, so they hear a friendly voice first. " +
				"Record the referral in Trellis and set a follow-up for one week.\n"},
		"zh-Hans": {"热情转介到早期干预",
			"# 热情转介到早期干预\n\n尽可能**和家长一起**拨打登记电话，让家长先听到友善的声音。在 Trellis 中记录转介，并设定一周后的跟进。\n"},
	}, nil},
	{"Navigator wellbeing", "navigators", map[string][2]string{
		"en": {"Looking after yourself in this work",
			"# Looking after yourself\n\nHearing families' hardships is heavy. Schedule reflective supervision, take your breaks, and talk with your team.\n"},
		"ar": {"الاعتناء بنفسك في هذا العمل",
			"# الاعتناء بنفسك\n\nالاستماع إلى صعوبات الأسر أمر مرهق. خصص وقتاً للإشراف التأملي، وخذ فترات راحتك، وتحدث مع فريقك.\n"},
	}, nil},
}

// materials writes the training materials, published, with their versions.
func (g *generator) materials() error {
	for _, tm := range trainingMaterials {
		m := data.Material{ID: g.newID(), Topic: tm.topic, Audience: tm.audience,
			Status: data.MaterialPublished, Author: "Cedar County training team"}
		if err := g.tx.Insert(&m); err != nil {
			return err
		}
		for _, lang := range []string{"en", "es", "vi", "so", "am", "zh-Hans", "zh-Hant", "ar"} {
			v, ok := tm.versions[lang]
			if !ok {
				continue
			}
			mv := data.MaterialVersion{ID: g.newID(), MaterialID: m.ID, Language: lang, Title: v[0], Body: v[1]}
			if err := g.tx.SaveMaterialVersion(&mv, false); err != nil {
				return err
			}
			if by := tm.reviewedBy[lang]; by != "" {
				if err := g.tx.MarkVersionReviewed(mv.ID, by, data.DateOf(g.tx.Now())); err != nil {
					return err
				}
			}
		}
		g.sum.Materials++
	}
	return nil
}
