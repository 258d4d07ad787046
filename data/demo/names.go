package demo

import "strings"

// culture is how families who speak one home language are named: common
// surnames and given names, written in the language's own script and, for
// scripts other than Latin (and for Vietnamese, often written without its
// tone marks in American records), in the romanized form a county form
// would hold.
type culture struct {
	lang   string // BCP 47 tag of the home language
	weight int    // share of the county's families
	native names
	roman  names
	// nativeShare is how often a family's records use the native form.
	nativeShare float64
	// keepsName: mothers keep their own family name (or, in patronymic
	// naming, carry their father's name).
	keepsName bool
	other     []string // other languages families of this culture often speak
	ethnicity []string // self-described race/ethnicity answers
}

// names is one way of writing a culture's names.
type names struct {
	family        []string
	female, male  []string // caregivers
	girls, boys   []string // children 0-5
	household     func(family string) string
	femaleSurname func(family string) string // nil: the same as the male form
}

func englishHousehold(family string) string { return family + " family" }

// slavicFeminine gives the feminine form of a Russian surname.
func slavicFeminine(family string) string {
	for _, end := range []string{"ов", "ев", "ин", "ov", "ev", "in"} {
		if strings.HasSuffix(family, end) {
			if end[0] < 0x80 {
				return family + "a"
			}
			return family + "а"
		}
	}
	return family
}

var cultures = []culture{
	{
		lang: "es", weight: 30, nativeShare: 0.85, keepsName: true,
		other:     []string{"en"},
		ethnicity: []string{"Hispanic/Latino", "Mexican American", "Latina", "Guatemalan", "Salvadoran"},
		native: names{
			family: []string{"García", "Hernández", "López", "Martínez", "González", "Rodríguez", "Pérez", "Sánchez",
				"Ramírez", "Flores", "Cruz", "Morales", "Ortiz", "Gutiérrez", "Chávez", "Ruiz", "Díaz", "Reyes",
				"Vásquez", "Castillo", "Jiménez", "Núñez", "Peña", "Méndez"},
			female:    []string{"María", "Guadalupe", "Sofía", "Ana", "Rosa", "Itzel", "Yesenia", "Lucía", "Marisol", "Carmen", "Araceli"},
			male:      []string{"José", "Juan", "Luis", "Carlos", "Miguel", "Ángel", "Jesús", "Francisco", "Alejandro", "Raúl"},
			girls:     []string{"Sofía", "Valentina", "Camila", "Ximena", "Renata", "Regina", "Isabella", "Lucía", "Mía"},
			boys:      []string{"Mateo", "Santiago", "Emiliano", "Iker", "Sebastián", "Matías", "Leonardo", "Diego", "Julián"},
			household: func(f string) string { return "Familia " + f },
		},
		roman: names{
			family:    []string{"Garcia", "Hernandez", "Lopez", "Martinez", "Gonzalez", "Rodriguez", "Perez", "Sanchez", "Ramirez", "Flores"},
			female:    []string{"Maria", "Guadalupe", "Sofia", "Ana", "Rosa", "Yesenia", "Lucia"},
			male:      []string{"Jose", "Juan", "Luis", "Carlos", "Miguel", "Angel", "Jesus"},
			girls:     []string{"Sofia", "Valentina", "Camila", "Ximena", "Isabella", "Mia"},
			boys:      []string{"Mateo", "Santiago", "Emiliano", "Sebastian", "Diego", "Julian"},
			household: englishHousehold,
		},
	},
	{
		lang: "en", weight: 24, nativeShare: 1,
		other:     nil,
		ethnicity: []string{"White", "Black/African American", "Multiracial", "Native American", "White and Native American"},
		native: names{
			family: []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
				"Taylor", "Thomas", "Moore", "Jackson", "White", "Harris", "Robinson", "Walker", "Young", "King"},
			female:    []string{"Ashley", "Jessica", "Amanda", "Brittany", "Sarah", "Kayla", "Destiny", "Megan", "Tiffany"},
			male:      []string{"Michael", "Christopher", "James", "Tyler", "Brandon", "Justin", "Marcus", "Dustin"},
			girls:     []string{"Olivia", "Emma", "Ava", "Harper", "Amelia", "Aaliyah", "Nevaeh", "Charlotte"},
			boys:      []string{"Liam", "Noah", "Oliver", "Elijah", "Lucas", "Jaxon", "Josiah", "Henry"},
			household: englishHousehold,
		},
	},
	{
		lang: "vi", weight: 7, nativeShare: 0.6, keepsName: true,
		other:     []string{"en"},
		ethnicity: []string{"Vietnamese", "Vietnamese American", "Asian"},
		native: names{
			family:    []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"},
			female:    []string{"Ngân", "Linh", "Thảo", "Hương", "Mai", "Lan", "Trang", "Ngọc", "Hạnh", "Thủy"},
			male:      []string{"Minh", "Tuấn", "Hùng", "Dũng", "Quang", "Thành", "Phong", "Huy"},
			girls:     []string{"An", "Ngân", "Khánh Linh", "Bảo Ngọc", "Gia Hân", "Tuệ Nhi"},
			boys:      []string{"Khang", "Bảo", "Phúc", "Khôi", "Gia Huy", "Minh Khôi", "Đăng"},
			household: func(f string) string { return "Gia đình " + f },
		},
		roman: names{
			family:    []string{"Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh", "Phan", "Vu", "Vo", "Dang", "Bui", "Do"},
			female:    []string{"Ngan", "Linh", "Thao", "Huong", "Mai", "Lan", "Trang", "Ngoc"},
			male:      []string{"Minh", "Tuan", "Hung", "Dung", "Quang", "Thanh", "Huy"},
			girls:     []string{"An", "Ngan", "Vy", "Kim", "Emily", "Anna"},
			boys:      []string{"Khang", "Bao", "Phuc", "Khoi", "Ethan", "Kevin"},
			household: englishHousehold,
		},
	},
	{
		lang: "zh", weight: 5, nativeShare: 0.6, keepsName: true,
		other:     []string{"en", "yue"},
		ethnicity: []string{"Chinese", "Taiwanese", "Asian"},
		native: names{
			family:    []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "林", "郭"},
			female:    []string{"芳", "娜", "秀英", "敏", "静", "丽", "婷婷", "晓燕"},
			male:      []string{"伟", "强", "磊", "军", "勇", "杰", "建华", "志明"},
			girls:     []string{"梓萱", "欣怡", "雨桐", "子涵", "诗涵", "一诺"},
			boys:      []string{"浩然", "宇轩", "子涵", "梓睿", "俊杰", "明轩"},
			household: func(f string) string { return f + "家" },
		},
		roman: names{
			family:    []string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Lin"},
			female:    []string{"Fang", "Na", "Xiuying", "Min", "Jing", "Li", "Tingting", "Xiaoyan"},
			male:      []string{"Wei", "Qiang", "Lei", "Jun", "Yong", "Jie", "Jianhua"},
			girls:     []string{"Zixuan", "Xinyi", "Yutong", "Chloe", "Emily", "Grace"},
			boys:      []string{"Haoran", "Yuxuan", "Zirui", "Ethan", "Ryan", "Jason"},
			household: englishHousehold,
		},
	},
	{
		lang: "so", weight: 6, nativeShare: 0.5, keepsName: true,
		other:     []string{"en", "ar"},
		ethnicity: []string{"Somali", "Black/African American", "East African"},
		native: names{
			family:    []string{"Maxamed", "Axmed", "Cabdi", "Xasan", "Cali", "Cumar", "Faarax", "Warsame", "Cismaan", "Yuusuf"},
			female:    []string{"Hodan", "Faadumo", "Aamina", "Hibaaq", "Ayaan", "Sahra", "Ifraax", "Nasra", "Sagal"},
			male:      []string{"Cabdiraxmaan", "Cabdullaahi", "Mahad", "Liibaan", "Xamsa", "Bashiir", "Guuleed"},
			girls:     []string{"Ilhaan", "Sumaya", "Hanan", "Muna", "Naasifo", "Ikraan"},
			boys:      []string{"Xamsa", "Yaasiin", "Cabdiraxiim", "Mustafe", "Bilaal", "Zakariye"},
			household: func(f string) string { return "Qoyska " + f },
		},
		roman: names{
			family:    []string{"Mohamed", "Ahmed", "Abdi", "Hassan", "Ali", "Omar", "Farah", "Warsame", "Osman", "Yusuf"},
			female:    []string{"Hodan", "Fadumo", "Amina", "Hibaaq", "Ayaan", "Sahra", "Ifrah", "Nasra", "Sagal"},
			male:      []string{"Abdirahman", "Abdullahi", "Mahad", "Liban", "Hamza", "Bashir", "Guled"},
			girls:     []string{"Ilhan", "Sumaya", "Hanan", "Muna", "Ikran", "Maryan"},
			boys:      []string{"Hamza", "Yasin", "Abdirahim", "Mustafa", "Bilal", "Zakariye"},
			household: englishHousehold,
		},
	},
	{
		lang: "ru", weight: 4, nativeShare: 0.6,
		other:     []string{"en", "uk"},
		ethnicity: []string{"Russian", "White", "Eastern European"},
		native: names{
			family:        []string{"Иванов", "Смирнов", "Кузнецов", "Попов", "Волков", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов"},
			female:        []string{"Ольга", "Наталья", "Екатерина", "Анна", "Мария", "Юлия", "Светлана", "Дарья"},
			male:          []string{"Дмитрий", "Алексей", "Сергей", "Андрей", "Иван", "Максим", "Николай"},
			girls:         []string{"София", "Алиса", "Ева", "Варвара", "Полина", "Виктория"},
			boys:          []string{"Артём", "Михаил", "Тимофей", "Лев", "Марк", "Матвей"},
			household:     func(f string) string { return "Семья " + f + "ых" },
			femaleSurname: slavicFeminine,
		},
		roman: names{
			family:        []string{"Ivanov", "Smirnov", "Kuznetsov", "Popov", "Volkov", "Sokolov", "Lebedev", "Kozlov"},
			female:        []string{"Olga", "Natalia", "Ekaterina", "Anna", "Maria", "Yulia", "Svetlana"},
			male:          []string{"Dmitry", "Alexei", "Sergei", "Andrei", "Ivan", "Maxim"},
			girls:         []string{"Sofia", "Alisa", "Eva", "Polina", "Victoria"},
			boys:          []string{"Artem", "Mikhail", "Timofei", "Lev", "Mark"},
			household:     englishHousehold,
			femaleSurname: slavicFeminine,
		},
	},
	{
		lang: "uk", weight: 4, nativeShare: 0.6,
		other:     []string{"ru", "en"},
		ethnicity: []string{"Ukrainian", "White", "Eastern European"},
		native: names{
			family: []string{"Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Бойко", "Мельник", "Петренко", "Ткачук", "Олійник"},
			female: []string{"Оксана", "Олена", "Ірина", "Тетяна", "Наталія", "Юлія", "Світлана", "Марія"},
			male:   []string{"Олександр", "Андрій", "Сергій", "Дмитро", "Володимир", "Тарас", "Богдан"},
			girls:  []string{"Софія", "Анна", "Соломія", "Злата", "Вікторія", "Мирослава"},
			boys:   []string{"Артем", "Максим", "Матвій", "Назар", "Марко", "Богдан"},
			household: func(f string) string {
				if strings.HasSuffix(f, "о") {
					return "Родина " + strings.TrimSuffix(f, "о") + "ів"
				}
				return "Родина " + f + "ів"
			},
		},
		roman: names{
			family:    []string{"Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Boiko", "Melnyk", "Petrenko"},
			female:    []string{"Oksana", "Olena", "Iryna", "Tetiana", "Nataliia", "Yuliia"},
			male:      []string{"Oleksandr", "Andrii", "Serhii", "Dmytro", "Volodymyr", "Taras"},
			girls:     []string{"Sofiia", "Anna", "Solomiia", "Zlata", "Viktoriia"},
			boys:      []string{"Artem", "Maksym", "Matvii", "Nazar", "Marko"},
			household: englishHousehold,
		},
	},
	{
		lang: "ko", weight: 3, nativeShare: 0.5, keepsName: true,
		other:     []string{"en"},
		ethnicity: []string{"Korean", "Korean American", "Asian"},
		native: names{
			family:    []string{"김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"},
			female:    []string{"서연", "지은", "수빈", "지현", "은지", "민지", "혜진"},
			male:      []string{"민준", "현우", "성민", "지훈", "준호", "동현"},
			girls:     []string{"서연", "하은", "하윤", "지우", "서아", "지안"},
			boys:      []string{"민준", "서준", "도윤", "예준", "시우", "이준"},
			household: func(f string) string { return f + "씨 가족" },
		},
		roman: names{
			family:    []string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim"},
			female:    []string{"Seo-yeon", "Ji-eun", "Su-bin", "Ji-hyun", "Eun-ji", "Min-ji"},
			male:      []string{"Min-jun", "Hyun-woo", "Sung-min", "Ji-hoon", "Jun-ho"},
			girls:     []string{"Ha-eun", "Ha-yoon", "Ji-woo", "Chloe", "Grace"},
			boys:      []string{"Seo-jun", "Do-yoon", "Ye-jun", "Daniel", "Joshua"},
			household: englishHousehold,
		},
	},
	{
		lang: "am", weight: 4, nativeShare: 0.6, keepsName: true,
		other:     []string{"en", "om"},
		ethnicity: []string{"Ethiopian", "East African", "Black/African American"},
		native: names{
			family:    []string{"አበበ", "ተስፋዬ", "ብርሃኑ", "ፍቅሩ", "ዳዊት", "ገብረ", "ታደሰ", "ሙሉጌታ", "ወልደ", "አለሙ"},
			female:    []string{"ሰላም", "መቅደስ", "ቤተልሔም", "ትዕግስት", "ሄለን", "ሃና", "ብዙአየሁ", "ሜሮን"},
			male:      []string{"ዮሐንስ", "ዳዊት", "ብርሃኑ", "ሰለሞን", "ኤርሚያስ", "ቴዎድሮስ", "ዮናታን"},
			girls:     []string{"ኤደን", "ሊያ", "ኪያ", "ሶሊያና", "ማክዳ", "ቃልኪዳን"},
			boys:      []string{"ናትናኤል", "ኪሩቤል", "አማኑኤል", "ሚኪያስ", "ዮሴፍ", "ሄኖክ"},
			household: func(f string) string { return "የ" + f + " ቤተሰብ" },
		},
		roman: names{
			family:    []string{"Abebe", "Tesfaye", "Birhanu", "Fikru", "Dawit", "Tadesse", "Mulugeta", "Alemu"},
			female:    []string{"Selam", "Mekdes", "Betelhem", "Tigist", "Helen", "Hana", "Meron"},
			male:      []string{"Yohannes", "Dawit", "Birhanu", "Solomon", "Ermias", "Tewodros"},
			girls:     []string{"Eden", "Liya", "Kiya", "Soliyana", "Makeda", "Kalkidan"},
			boys:      []string{"Natnael", "Kirubel", "Amanuel", "Mikias", "Yosef", "Henok"},
			household: englishHousehold,
		},
	},
	{
		lang: "ti", weight: 2, nativeShare: 0.5, keepsName: true,
		other:     []string{"am", "en", "ar"},
		ethnicity: []string{"Eritrean", "East African", "Black/African American"},
		native: names{
			family:    []string{"ተኽለ", "ሃብተ", "ገብረመድህን", "ተወልደ", "ኪዳነ", "መሓሪ", "ዘርኣይ", "ብርሃነ"},
			female:    []string{"ሰምሃር", "ሳባ", "ሉዋም", "ፍሬወይኒ", "ኤልሳ", "ሄለን", "ሚልካ"},
			male:      []string{"ዮናስ", "ሚካኤል", "ኣማኑኤል", "ፊልሞን", "ሄኖክ", "ዳኒኤል"},
			girls:     []string{"ሶሊያና", "ሊድያ", "ሓና", "ቅድስቲ", "ኤደን"},
			boys:      []string{"ናሆም", "ሩሕ", "ኣብርሃም", "ሳሙኤል", "ፊልሞን"},
			household: func(f string) string { return "ስድራ ቤት " + f },
		},
		roman: names{
			family:    []string{"Tekle", "Habte", "Gebremedhin", "Tewolde", "Kidane", "Mehari", "Zerai", "Berhane"},
			female:    []string{"Semhar", "Saba", "Luwam", "Freweini", "Elsa", "Helen", "Milka"},
			male:      []string{"Yonas", "Mikael", "Amanuel", "Filmon", "Henok", "Daniel"},
			girls:     []string{"Soliana", "Lidya", "Hanna", "Kidisti", "Eden"},
			boys:      []string{"Nahom", "Ruh", "Abraham", "Samuel", "Filmon"},
			household: englishHousehold,
		},
	},
	{
		lang: "tl", weight: 4, nativeShare: 0.7,
		other:     []string{"en", "ceb"},
		ethnicity: []string{"Filipino", "Filipino American", "Asian"},
		native: names{
			family: []string{"Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Mendoza", "Torres", "Villanueva", "Dela Cruz",
				"Aquino", "Ramos", "Castillo", "Manalo", "Dizon"},
			female:    []string{"Maricel", "Jocelyn", "Rowena", "Angelica", "Maria Cristina", "Lorna", "Jennifer"},
			male:      []string{"Jerome", "Mark Anthony", "Rodel", "Christian", "Ronaldo", "Jayson"},
			girls:     []string{"Princess", "Althea", "Andrea", "Sofia", "Angel", "Ysabel"},
			boys:      []string{"Gabriel", "Joshua", "Nathan", "Ezekiel", "Miguel", "Jhon Paul"},
			household: func(f string) string { return "Pamilya " + f },
		},
		roman: names{
			family:    []string{"Santos", "Reyes", "Cruz", "Bautista", "Mendoza", "Torres", "Ramos"},
			female:    []string{"Maricel", "Jocelyn", "Rowena", "Angelica", "Jennifer"},
			male:      []string{"Jerome", "Mark", "Rodel", "Christian", "Jayson"},
			girls:     []string{"Princess", "Althea", "Andrea", "Sofia"},
			boys:      []string{"Gabriel", "Joshua", "Nathan", "Ezekiel"},
			household: englishHousehold,
		},
	},
	{
		lang: "pa", weight: 3, nativeShare: 0.35,
		other:     []string{"hi", "en"},
		ethnicity: []string{"Punjabi", "South Asian", "Asian Indian"},
		native: names{
			family:        []string{"ਸਿੰਘ", "ਗਿੱਲ", "ਸੰਧੂ", "ਢਿੱਲੋਂ", "ਬਰਾੜ", "ਗਰੇਵਾਲ", "ਸਿੱਧੂ", "ਧਾਲੀਵਾਲ"},
			female:        []string{"ਹਰਪ੍ਰੀਤ", "ਗੁਰਪ੍ਰੀਤ", "ਮਨਦੀਪ", "ਜਸਪ੍ਰੀਤ", "ਅਮਨਦੀਪ", "ਸਿਮਰਨ", "ਨਵਜੋਤ"},
			male:          []string{"ਗੁਰਪ੍ਰੀਤ", "ਮਨਜੀਤ", "ਹਰਜੀਤ", "ਜਸਵਿੰਦਰ", "ਰਣਜੀਤ", "ਅਮਰਜੀਤ"},
			girls:         []string{"ਗੁਰਲੀਨ", "ਸਿਮਰਨ", "ਜਪਨੀਤ", "ਹਰਲੀਨ", "ਨਵਨੀਤ"},
			boys:          []string{"ਅਰਜਨ", "ਗੁਰਫ਼ਤਿਹ", "ਏਕਮ", "ਜਸਕਰਨ", "ਅਗਮ"},
			household:     func(f string) string { return f + " ਪਰਿਵਾਰ" },
			femaleSurname: func(f string) string { return strings.ReplaceAll(f, "ਸਿੰਘ", "ਕੌਰ") },
		},
		roman: names{
			family:        []string{"Singh", "Gill", "Sandhu", "Dhillon", "Brar", "Grewal", "Sidhu", "Dhaliwal"},
			female:        []string{"Harpreet", "Gurpreet", "Mandeep", "Jaspreet", "Amandeep", "Simran", "Navjot"},
			male:          []string{"Gurpreet", "Manjit", "Harjit", "Jaswinder", "Ranjit", "Amarjit"},
			girls:         []string{"Gurleen", "Simran", "Japneet", "Harleen", "Navneet"},
			boys:          []string{"Arjan", "Gurfateh", "Ekam", "Jaskaran", "Agam"},
			household:     englishHousehold,
			femaleSurname: func(f string) string { return strings.ReplaceAll(f, "Singh", "Kaur") },
		},
	},
	{
		lang: "ar", weight: 3, nativeShare: 0.6, keepsName: true,
		other:     []string{"en", "fr"},
		ethnicity: []string{"Arab American", "Middle Eastern", "Syrian", "Iraqi", "Yemeni"},
		native: names{
			family:    []string{"حداد", "خليل", "إبراهيم", "حسن", "العلي", "يوسف", "منصور", "سليمان", "الأحمد", "عبدالله"},
			female:    []string{"فاطمة", "مريم", "نور", "ليلى", "سارة", "رنا", "هبة", "آية"},
			male:      []string{"أحمد", "محمد", "عمر", "خالد", "يوسف", "علي", "حسين", "مصطفى"},
			girls:     []string{"ليان", "جود", "لين", "مريم", "جنى", "سلمى"},
			boys:      []string{"آدم", "زين", "تيم", "يامن", "كريم", "عمر"},
			household: func(f string) string { return "عائلة " + f },
		},
		roman: names{
			family:    []string{"Haddad", "Khalil", "Ibrahim", "Hassan", "Al-Ali", "Youssef", "Mansour", "Suleiman", "Al-Ahmad"},
			female:    []string{"Fatima", "Maryam", "Nour", "Layla", "Sara", "Rana", "Heba", "Aya"},
			male:      []string{"Ahmad", "Mohammad", "Omar", "Khaled", "Youssef", "Ali", "Hussein"},
			girls:     []string{"Layan", "Jood", "Leen", "Maryam", "Jana", "Salma"},
			boys:      []string{"Adam", "Zain", "Taim", "Yamen", "Karim", "Omar"},
			household: englishHousehold,
		},
	},
}

// navigators is the team families are assigned to when Options.Navigator
// is empty.
var navigators = []string{"Rosa Delgado", "Hodan Abdi", "Linh Tran", "Mekdes Alemu", "Olena Kravchenko",
	"Jasmine Carter", "Harpreet Kaur", "Grace Park"}

// organizations the navigators work for.
var navigatorOrgs = []string{"Cedar County Family Navigation", "Riverside Parent Partners"}

// zips is the county's ZIP codes with the neighbourhoods they cover.
var zips = []struct{ code, area string }{
	{"98002", "Riverside"}, {"98003", "Eastgate"}, {"98030", "Kent Hill"}, {"98031", "Meadowbrook"},
	{"98032", "Valley Center"}, {"98042", "Lake Crossing"}, {"98055", "Benson"}, {"98056", "Highlands"},
	{"98057", "Old Town"}, {"98058", "Fairwood"}, {"98118", "Rainier"}, {"98178", "Skyway"},
}

var streets = []string{"Cedar St", "Meridian Ave", "Orchard Way", "Maple Ln", "Central Ave", "Benson Rd", "James St",
	"Fir Ct", "Willow Dr", "Kennebeck Ave", "Lake Dr", "Pioneer Way", "Hemlock Pl", "Valley Rd"}

var contactTimes = []string{"weekday mornings", "weekday evenings after 6", "afternoons during nap time",
	"weekends only", "any time, text first", "before 8 am or after 5 pm", "Tuesdays and Thursdays"}

var familyNotes = []string{
	"Prefers a female navigator. Older sibling attends Head Start.",
	"Family moved from a shelter in the spring; stable housing now.",
	"Grandmother is the main caregiver on weekdays.",
	"Parent works nights; call after 2 pm.",
	"Interested in parenting groups in the home language.",
	"Recently arrived; connecting with resettlement agency.",
	"Father asks to be included in home visits.",
	"",
}
