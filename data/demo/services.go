package demo

// serviceKind is one kind of service the county's providers offer, with
// its name and description in English and in the languages the directory
// is translated into.
type serviceKind struct {
	kind     string   // for referral reasons: iecmh, ei, home, group, basic, health, childcare
	terms    []string // taxonomy term codes
	minAge   float64  // years, as HSDS counts them
	maxAge   float64
	cost     string // free, sliding, fee
	weekly   bool   // meets once a week (a group) rather than office hours
	name     string
	desc     string
	tr       map[string][2]string // language → name, description
	waitTime string
}

// translationLanguages are the languages every service kind is translated
// into.
var translationLanguages = []string{"es", "vi", "zh-Hans", "so", "ar", "ko"}

var serviceKinds = []serviceKind{
	{kind: "group", terms: []string{"parenting-groups"}, maxAge: 5, cost: "free", weekly: true,
		name: "Parent-Child Playgroup",
		desc: "Weekly drop-in play sessions where parents and caregivers play, sing and read with their young children and meet other families.",
		tr: map[string][2]string{
			"es":      {"Grupo de juego para padres e hijos", "Sesiones semanales de juego donde madres, padres y cuidadores juegan, cantan y leen con sus niños pequeños y conocen a otras familias."},
			"vi":      {"Nhóm chơi cho cha mẹ và con", "Buổi chơi hằng tuần để cha mẹ và người chăm sóc chơi, hát và đọc sách cùng con nhỏ, đồng thời gặp gỡ các gia đình khác."},
			"zh-Hans": {"亲子游戏小组", "每周一次的亲子活动，父母和照顾者与幼儿一起游戏、唱歌、阅读，并认识其他家庭，交流育儿经验。"},
			"so":      {"Kooxda ciyaarta waalidka iyo ilmaha", "Kulamo toddobaadle ah oo waalidiinta iyo daryeelayaashu la ciyaaraan, la heesaan oo u akhriyaan carruurtooda yaryar, lana kulmaan qoysas kale."},
			"ar":      {"مجموعة اللعب للآباء والأطفال", "جلسات لعب أسبوعية يلعب فيها الآباء ومقدمو الرعاية ويغنون ويقرؤون مع أطفالهم الصغار ويتعرفون على عائلات أخرى."},
			"ko":      {"부모-자녀 놀이 모임", "부모와 양육자가 어린 자녀와 함께 놀고 노래하고 책을 읽으며 다른 가족을 만나는 주간 놀이 모임입니다."},
		}},
	{kind: "group", terms: []string{"parenting-groups", "iecmh"}, maxAge: 5, cost: "free", weekly: true,
		name: "Circle of Security Parenting Group",
		desc: "An eight-week group that helps parents understand their child's emotional needs and build a secure relationship.",
		tr: map[string][2]string{
			"es":      {"Grupo de crianza Círculo de Seguridad", "Grupo de ocho semanas que ayuda a madres y padres a entender las necesidades emocionales de sus niños y fortalecer el vínculo."},
			"vi":      {"Nhóm nuôi dạy con Vòng tròn An toàn", "Nhóm tám tuần giúp cha mẹ hiểu nhu cầu cảm xúc của con và xây dựng mối gắn bó an toàn."},
			"zh-Hans": {"安全圈育儿小组", "为期八周的育儿小组，帮助父母理解孩子的情感需求，建立安全的亲子关系。"},
			"so":      {"Kooxda barbaarinta ee Wareegga Badbaadada", "Koox sideed toddobaad ah oo ka caawisa waalidiinta inay fahmaan baahiyaha shucuureed ee ilmahooda oo ay dhisaan xiriir aamin ah."},
			"ar":      {"مجموعة التربية دائرة الأمان", "مجموعة لمدة ثمانية أسابيع تساعد الوالدين على فهم الاحتياجات العاطفية لأطفالهم وبناء علاقة آمنة."},
			"ko":      {"안정감의 원 부모 교육 모임", "부모가 아이의 정서적 요구를 이해하고 안정적인 애착 관계를 쌓도록 돕는 8주 과정의 부모 모임입니다."},
		}},
	{kind: "home", terms: []string{"home-visiting"}, maxAge: 5, cost: "free", waitTime: "2 to 4 weeks",
		name: "Home Visiting: Parents as Teachers",
		desc: "A parent educator visits your home twice a month to share activities for your child's development and check on how the family is doing.",
		tr: map[string][2]string{
			"es":      {"Visitas al hogar: Padres como Maestros", "Una educadora visita su hogar dos veces al mes para compartir actividades para el desarrollo de sus niños y apoyar a la familia."},
			"vi":      {"Thăm nhà: Cha Mẹ là Người Thầy", "Nhân viên giáo dục đến thăm nhà hai lần mỗi tháng, chia sẻ các hoạt động giúp trẻ phát triển và hỗ trợ gia đình."},
			"zh-Hans": {"家访服务：父母即老师", "家长教育员每月两次上门家访，分享促进孩子发展的活动，并提供育儿支持。"},
			"so":      {"Booqashada guriga: Waalidku waa Macallin", "Bare waalid ayaa booqda gurigaaga laba jeer bishii si uu ula wadaago hawlo lagu horumarinayo ilmahaaga oo uu u taageero qoyska."},
			"ar":      {"الزيارات المنزلية: الآباء كمعلمين", "تزور مربية الأسرة منزلك مرتين في الشهر لمشاركة أنشطة تدعم نمو طفلك ومتابعة أحوال الأسرة."},
			"ko":      {"가정 방문: 부모가 선생님", "부모 교육자가 한 달에 두 번 가정을 방문하여 아이의 발달을 돕는 활동을 나누고 가족을 지원합니다."},
		}},
	{kind: "home", terms: []string{"home-visiting", "pediatric"}, maxAge: 2, cost: "free", waitTime: "1 to 3 weeks",
		name: "Nurse-Family Partnership",
		desc: "Free home visits by a registered nurse for first-time parents, from pregnancy until the child turns two.",
		tr: map[string][2]string{
			"es":      {"Asociación de Enfermeras y Familias", "Visitas gratuitas al hogar por una enfermera para madres primerizas, desde el embarazo hasta que el niño cumple dos años."},
			"vi":      {"Chương trình Y tá đồng hành cùng Gia đình", "Y tá đến thăm nhà miễn phí cho cha mẹ lần đầu có con, từ khi mang thai cho đến khi trẻ được hai tuổi."},
			"zh-Hans": {"护士家庭伙伴计划", "注册护士为初次做父母的家庭提供免费家访，从怀孕期直到孩子两岁。"},
			"so":      {"Iskaashiga Kalkaaliyaha iyo Qoyska", "Booqashooyin guri oo bilaash ah oo ay samayso kalkaaliso caafimaad oo loogu talagalay waalidiinta markii ugu horreysay, uurka ilaa ilmuhu laba sano ka gaaro."},
			"ar":      {"شراكة الممرضة والأسرة", "زيارات منزلية مجانية من ممرضة مسجلة للآباء والأمهات لأول مرة، من الحمل حتى يبلغ الطفل عامين."},
			"ko":      {"간호사-가족 파트너십", "첫 아이를 맞는 부모를 위해 임신 중부터 아이가 두 살이 될 때까지 간호사가 무료로 가정을 방문합니다."},
		}},
	{kind: "ei", terms: []string{"dev-screening"}, maxAge: 2, cost: "free", waitTime: "evaluation within 45 days",
		name: "Early Intervention Evaluation (Birth to 3)",
		desc: "Free developmental evaluation for babies and toddlers, and therapy at home if your child qualifies.",
		tr: map[string][2]string{
			"es":      {"Evaluación de Intervención Temprana (0 a 3 años)", "Evaluación gratuita del desarrollo para bebés y niños pequeños, y terapia en casa si su niño califica."},
			"vi":      {"Đánh giá Can thiệp Sớm (0 đến 3 tuổi)", "Đánh giá phát triển miễn phí cho trẻ sơ sinh và trẻ mới biết đi, và trị liệu tại nhà nếu trẻ đủ điều kiện."},
			"zh-Hans": {"早期干预评估（0至3岁）", "为婴幼儿提供免费的发育评估，符合条件的儿童可在家接受治疗。"},
			"so":      {"Qiimaynta Faragelinta Hore (dhalasho ilaa 3 sano)", "Qiimayn bilaash ah oo koritaanka ilmaha yar, iyo daaweyn guriga ah haddii ilmahaagu u qalmo."},
			"ar":      {"تقييم التدخل المبكر (من الولادة حتى 3 سنوات)", "تقييم مجاني لنمو الرضع والأطفال الصغار، وعلاج في المنزل إذا كان طفلك مؤهلاً."},
			"ko":      {"영유아 조기 개입 평가 (0~3세)", "영아와 유아를 위한 무료 발달 평가와, 해당되는 경우 가정에서 받는 치료를 제공합니다."},
		}},
	{kind: "ei", terms: []string{"speech"}, minAge: 1, maxAge: 5, cost: "sliding", waitTime: "4 to 8 weeks",
		name: "Speech and Language Therapy for Young Children",
		desc: "Speech therapists help children who are late to talk or hard to understand, with coaching for parents.",
		tr: map[string][2]string{
			"es":      {"Terapia del habla y lenguaje para niños pequeños", "Terapeutas del habla ayudan a niños que tardan en hablar o a quienes cuesta entender, y orientan a los padres."},
			"vi":      {"Trị liệu ngôn ngữ cho trẻ nhỏ", "Chuyên viên ngôn ngữ giúp trẻ chậm nói hoặc nói khó hiểu, đồng thời hướng dẫn cha mẹ."},
			"zh-Hans": {"幼儿言语治疗", "言语治疗师帮助说话晚或发音不清的儿童，并指导父母在家练习。"},
			"so":      {"Daaweynta hadalka iyo luqadda ee carruurta yaryar", "Daaweeyayaasha hadalku waxay caawiyaan carruurta hadalka ka daaha ama aan si fiican loo fahmin, waxayna tababaraan waalidiinta."},
			"ar":      {"علاج النطق واللغة للأطفال الصغار", "يساعد معالجو النطق الأطفال المتأخرين في الكلام أو الذين يصعب فهمهم، مع توجيه الوالدين."},
			"ko":      {"유아 언어 치료", "말이 늦거나 발음이 불분명한 아이를 언어치료사가 돕고 부모에게 가정 지도법을 알려 줍니다."},
		}},
	{kind: "iecmh", terms: []string{"iecmh", "counseling"}, maxAge: 5, cost: "sliding", waitTime: "3 to 6 weeks",
		name: "Child-Parent Psychotherapy",
		desc: "Infant and early childhood mental health therapy for young children and their caregivers after stress, loss or trauma.",
		tr: map[string][2]string{
			"es":      {"Psicoterapia para niños y padres", "Terapia de salud mental infantil para niños pequeños y sus cuidadores después de estrés, pérdidas o trauma."},
			"vi":      {"Trị liệu tâm lý cho trẻ và cha mẹ", "Trị liệu sức khỏe tâm thần cho trẻ nhỏ và người chăm sóc sau căng thẳng, mất mát hoặc sang chấn."},
			"zh-Hans": {"亲子心理治疗", "为经历压力、丧失或创伤的幼儿及其照顾者提供婴幼儿心理健康治疗。"},
			"so":      {"Daaweynta nafsiga ee ilmaha iyo waalidka", "Daaweyn caafimaadka maskaxda ee carruurta yaryar iyo daryeelayaashooda kadib walbahaar, khasaare ama dhaawac nafsi ah."},
			"ar":      {"العلاج النفسي للطفل والوالدين", "علاج للصحة النفسية للرضع والأطفال الصغار ومقدمي الرعاية لهم بعد الضغوط أو الفقدان أو الصدمات."},
			"ko":      {"아동-부모 심리치료", "스트레스, 상실 또는 트라우마를 겪은 영유아와 양육자를 위한 영유아 정신건강 치료입니다."},
		}},
	{kind: "iecmh", terms: []string{"perinatal", "counseling"}, maxAge: 1, cost: "free", waitTime: "about 1 week",
		name: "Perinatal Mood Support for Parents",
		desc: "Counseling and peer support for parents feeling depressed or anxious during pregnancy or after a baby arrives.",
		tr: map[string][2]string{
			"es":      {"Apoyo emocional perinatal para padres", "Consejería y apoyo entre pares para madres y padres con depresión o ansiedad durante el embarazo o después del parto."},
			"vi":      {"Hỗ trợ tâm lý chu sinh cho cha mẹ", "Tư vấn và hỗ trợ đồng đẳng cho cha mẹ bị trầm cảm hoặc lo âu khi mang thai hoặc sau khi sinh."},
			"zh-Hans": {"围产期情绪支持", "为孕期或产后感到抑郁、焦虑的父母提供心理咨询和同伴支持。"},
			"so":      {"Taageerada niyadda waalidka xilliga dhalmada", "La-talin iyo taageero asxaab oo loogu talagalay waalidiinta niyad-jabka ama walwalka qaba xilliga uurka ama dhalmada kadib."},
			"ar":      {"دعم المزاج في فترة ما حول الولادة", "استشارات ودعم من الأقران للآباء والأمهات الذين يشعرون بالاكتئاب أو القلق أثناء الحمل أو بعد الولادة."},
			"ko":      {"임신·출산기 부모 정서 지원", "임신 중이거나 출산 후 우울하거나 불안한 부모를 위한 상담과 동료 지원입니다."},
		}},
	{kind: "iecmh", terms: []string{"counseling"}, maxAge: 5, cost: "fee", waitTime: "1 to 2 weeks",
		name: "Family Counseling",
		desc: "Short-term counseling for families with young children, in person or by video.",
		tr: map[string][2]string{
			"es":      {"Consejería familiar", "Consejería breve para familias con niños pequeños, en persona o por video."},
			"vi":      {"Tư vấn gia đình", "Tư vấn ngắn hạn cho gia đình có con nhỏ, gặp trực tiếp hoặc qua video."},
			"zh-Hans": {"家庭心理咨询", "为有幼儿的家庭提供短期心理咨询，可面谈或视频进行。"},
			"so":      {"La-talinta qoyska", "La-talin muddo gaaban ah oo loogu talagalay qoysaska leh carruur yaryar, fool-ka-fool ama muuqaal."},
			"ar":      {"الإرشاد الأسري", "إرشاد قصير المدى للأسر التي لديها أطفال صغار، حضورياً أو عبر الفيديو."},
			"ko":      {"가족 상담", "어린 자녀를 둔 가족을 위한 단기 상담으로, 대면 또는 화상으로 진행합니다."},
		}},
	{kind: "basic", terms: []string{"baby-supplies"}, maxAge: 3, cost: "free",
		name: "Diaper and Formula Bank",
		desc: "Free diapers, wipes and infant formula once a month for families with babies and toddlers.",
		tr: map[string][2]string{
			"es":      {"Banco de pañales y fórmula", "Pañales, toallitas y fórmula infantil gratis una vez al mes para familias con bebés y niños pequeños."},
			"vi":      {"Ngân hàng tã và sữa bột", "Tã, khăn ướt và sữa bột miễn phí mỗi tháng một lần cho gia đình có trẻ sơ sinh và trẻ nhỏ."},
			"zh-Hans": {"尿布和奶粉银行", "每月为有婴幼儿的家庭免费提供尿布、湿巾和婴儿奶粉。"},
			"so":      {"Bangiga xafaayadaha iyo caanaha ilmaha", "Xafaayado, masaxyo iyo caano ilmo oo bilaash ah bishii mar loogu talagalay qoysaska leh ilmo yaryar."},
			"ar":      {"بنك الحفاضات وحليب الأطفال", "حفاضات ومناديل مبللة وحليب أطفال مجاناً مرة في الشهر للأسر التي لديها رضع وأطفال صغار."},
			"ko":      {"기저귀·분유 나눔 은행", "영아와 유아가 있는 가족에게 한 달에 한 번 기저귀, 물티슈, 분유를 무료로 드립니다."},
		}},
	{kind: "health", terms: []string{"food"}, maxAge: 4, cost: "free",
		name: "WIC Nutrition Program",
		desc: "Healthy food, breastfeeding support and nutrition advice for pregnant people and children under five.",
		tr: map[string][2]string{
			"es":      {"Programa de Nutrición WIC", "Alimentos saludables, apoyo a la lactancia y consejos de nutrición para embarazadas y niños menores de cinco años."},
			"vi":      {"Chương trình Dinh dưỡng WIC", "Thực phẩm lành mạnh, hỗ trợ cho con bú và tư vấn dinh dưỡng cho phụ nữ mang thai và trẻ dưới năm tuổi."},
			"zh-Hans": {"WIC营养计划", "为孕妇和五岁以下儿童提供健康食品、母乳喂养支持和营养指导。"},
			"so":      {"Barnaamijka Nafaqada WIC", "Cunto caafimaad leh, taageero naas-nuujin iyo talo nafaqo oo loogu talagalay haweenka uurka leh iyo carruurta ka yar shan sano."},
			"ar":      {"برنامج WIC للتغذية", "طعام صحي ودعم للرضاعة الطبيعية ونصائح غذائية للحوامل والأطفال دون الخامسة."},
			"ko":      {"WIC 영양 프로그램", "임산부와 만 5세 미만 아동에게 건강한 식품, 모유 수유 지원, 영양 상담을 제공합니다."},
		}},
	{kind: "childcare", terms: []string{"preschool"}, minAge: 3, maxAge: 4, cost: "free", waitTime: "waitlist; apply in spring",
		name: "Free Preschool (ECEAP and Head Start)",
		desc: "Free preschool for three- and four-year-olds with family support, meals and health screenings.",
		tr: map[string][2]string{
			"es":      {"Preescolar gratuito (ECEAP y Head Start)", "Preescolar gratuito para niños de tres y cuatro años, con apoyo familiar, comidas y chequeos de salud."},
			"vi":      {"Mẫu giáo miễn phí (ECEAP và Head Start)", "Lớp mẫu giáo miễn phí cho trẻ ba và bốn tuổi, có hỗ trợ gia đình, bữa ăn và khám sức khỏe."},
			"zh-Hans": {"免费学前班（ECEAP和Head Start）", "为三至四岁儿童提供免费学前教育，包括家庭支持、餐食和健康筛查。"},
			"so":      {"Dugsi barbaarin bilaash ah (ECEAP iyo Head Start)", "Dugsi barbaarin bilaash ah oo loogu talagalay carruurta saddex iyo afar jirka ah, oo leh taageero qoys, cunto iyo baaritaan caafimaad."},
			"ar":      {"روضة أطفال مجانية (ECEAP وHead Start)", "روضة مجانية للأطفال في عمر ثلاث وأربع سنوات مع دعم للأسرة ووجبات وفحوصات صحية."},
			"ko":      {"무료 유아원 (ECEAP 및 Head Start)", "만 3~4세 아동을 위한 무료 유아 교육으로, 가족 지원, 식사, 건강 검진을 함께 제공합니다."},
		}},
	{kind: "health", terms: []string{"pediatric", "dev-screening"}, maxAge: 5, cost: "sliding",
		name: "Well-Child Clinic",
		desc: "Check-ups, vaccines and developmental screening for children, with interpreters; uninsured families welcome.",
		tr: map[string][2]string{
			"es":      {"Clínica de niño sano", "Chequeos, vacunas y evaluaciones del desarrollo para niños, con intérpretes; bienvenidas las familias sin seguro."},
			"vi":      {"Phòng khám sức khỏe trẻ em", "Khám định kỳ, tiêm chủng và sàng lọc phát triển cho trẻ, có thông dịch viên; chào đón gia đình không có bảo hiểm."},
			"zh-Hans": {"儿童保健诊所", "为儿童提供体检、疫苗接种和发育筛查，提供口译服务；欢迎没有保险的家庭。"},
			"so":      {"Rugta caafimaadka ilmaha", "Baaritaan, tallaal iyo qiimayn koritaan oo carruurta ah, turjubaano la heli karo; qoysaska aan caymiska lahayn waa la soo dhaweynayaa."},
			"ar":      {"عيادة صحة الطفل", "فحوصات دورية ولقاحات وتقييم للنمو للأطفال، مع مترجمين؛ نرحب بالأسر غير المؤمن عليها."},
			"ko":      {"영유아 건강 클리닉", "아동 건강 검진, 예방 접종, 발달 선별 검사를 통역과 함께 제공하며, 보험이 없는 가족도 환영합니다."},
		}},
	{kind: "basic", terms: []string{"housing"}, maxAge: 5, cost: "free", waitTime: "call for same-week screening",
		name: "Family Housing Assistance",
		desc: "Help for families with young children who are behind on rent, facing eviction or without a stable place to stay.",
		tr: map[string][2]string{
			"es":      {"Ayuda de vivienda para familias", "Ayuda para familias con niños pequeños que deben renta, enfrentan un desalojo o no tienen un lugar estable donde vivir."},
			"vi":      {"Hỗ trợ nhà ở cho gia đình", "Giúp đỡ gia đình có con nhỏ đang nợ tiền thuê nhà, sắp bị đuổi nhà hoặc không có chỗ ở ổn định."},
			"zh-Hans": {"家庭住房援助", "帮助拖欠房租、面临驱逐或没有稳定住所的有幼儿家庭。"},
			"so":      {"Caawinta guryeynta qoyska", "Caawin loogu talagalay qoysaska leh carruur yaryar ee kirada ka dib dhacay, khatar ugu jira in laga saaro guriga ama aan lahayn meel deggan."},
			"ar":      {"مساعدة السكن للأسر", "مساعدة للأسر التي لديها أطفال صغار والمتأخرة في دفع الإيجار أو المهددة بالإخلاء أو التي ليس لديها مسكن مستقر."},
			"ko":      {"가족 주거 지원", "월세가 밀렸거나 퇴거 위기에 있거나 안정적인 거처가 없는 어린 자녀를 둔 가족을 돕습니다."},
		}},
}

// eligibility says in lang who a service with these ages serves.
func eligibility(lang string, minAge, maxAge float64) string {
	lo, hi := int(minAge), int(maxAge)+1 // "up to 5" serves children until their sixth birthday
	switch lang {
	case "es":
		if lo == 0 {
			return spr("Familias con niños desde el nacimiento hasta los %d años.", hi)
		}
		return spr("Familias con niños de %d a %d años.", lo, hi)
	case "vi":
		if lo == 0 {
			return spr("Gia đình có trẻ em từ sơ sinh đến %d tuổi.", hi)
		}
		return spr("Gia đình có trẻ em từ %d đến %d tuổi.", lo, hi)
	case "zh-Hans":
		return spr("有%d至%d岁儿童的家庭。", lo, hi)
	case "so":
		return spr("Qoysaska leh carruur da'doodu u dhaxayso %d ilaa %d sano.", lo, hi)
	case "ar":
		return spr("الأسر التي لديها أطفال من عمر %d إلى %d سنوات.", lo, hi)
	case "ko":
		return spr("만 %d~%d세 자녀를 둔 가족.", lo, hi)
	}
	if lo == 0 {
		return spr("Families with children from birth to %d years old.", hi)
	}
	return spr("Families with children %d to %d years old.", lo, hi)
}

// taxonomyTerms is the demo directory's categories: code, name, parent code.
var taxonomyTerms = [][3]string{
	{"family-support", "Family support", ""},
	{"parenting-groups", "Parenting groups", "family-support"},
	{"home-visiting", "Home visiting", "family-support"},
	{"mental-health", "Mental health", ""},
	{"iecmh", "Infant and early childhood mental health", "mental-health"},
	{"counseling", "Counseling", "mental-health"},
	{"perinatal", "Perinatal mental health", "mental-health"},
	{"early-intervention", "Early intervention", ""},
	{"dev-screening", "Developmental screening and evaluation", "early-intervention"},
	{"speech", "Speech and language therapy", "early-intervention"},
	{"basic-needs", "Basic needs", ""},
	{"food", "Food and nutrition", "basic-needs"},
	{"housing", "Housing", "basic-needs"},
	{"baby-supplies", "Diapers and baby supplies", "basic-needs"},
	{"health", "Health care", ""},
	{"pediatric", "Pediatric care", "health"},
	{"child-care", "Child care and early learning", ""},
	{"preschool", "Preschool", "child-care"},
}

// languageNames are the English names of the languages services offer.
var languageNames = map[string]string{
	"en": "English", "es": "Spanish", "vi": "Vietnamese", "zh": "Chinese (Mandarin)", "yue": "Cantonese",
	"so": "Somali", "ru": "Russian", "uk": "Ukrainian", "ko": "Korean", "am": "Amharic", "ti": "Tigrinya",
	"tl": "Tagalog", "pa": "Punjabi", "ar": "Arabic",
}

// offeredLanguages are the languages besides English services are offered
// in, with how common each is among providers.
var offeredLanguages = []string{"es", "vi", "zh", "yue", "so", "ru", "uk", "ko", "am", "ti", "tl", "pa", "ar"}
var offeredWeights = []int{40, 10, 8, 4, 8, 6, 6, 4, 6, 3, 5, 4, 6}

var orgWords = []string{"Bright", "Little", "Growing", "Sunrise", "Open Arms", "Cedar", "Riverside", "New Roots",
	"Harbor", "Kindred", "Thriving", "First Steps", "Evergreen", "Lighthouse", "Common Ground", "Hopeful"}
var orgSuffixes = []string{"Family Center", "Community Health", "Counseling Associates", "Early Learning",
	"Family Services", "Children's Clinic", "Parent Network", "Community Partners"}
