package demo

func lifeArticles() []Article {
	return []Article{
		// ---- life/beauty ----
		{
			Headline:   "Sunscreen for darker skin: what dermatologists want you to know",
			Standfirst: "Melanin offers some protection, but not enough to skip sunscreen, doctors say. Here is how to choose one that does not leave a grey cast.",
			Section:    "life/beauty",
			Tags:       []string{"Skincare", "Health"},
			Authors:    []string{"folasade-ogunleye", "halima-sadiq"},
			Credit:     "Broadsheet Staff",
			BodyHTML: `<p>Ask around and many people with dark skin will tell you they do not need sunscreen. Dermatologists say that is only partly true.</p>
<p>"Melanin gives a natural protection roughly equivalent to SPF 13 in the darkest skin types," said Dr Oyinkansola Harte, a consultant dermatologist in Lagos. "That helps against burning, but it does not stop the uneven pigmentation and dark patches that bring most of my patients in."</p>
<h2>What to look for</h2>
<ul>
<li><strong>SPF 30 or higher</strong>, labelled broad spectrum, which means it also filters UVA rays.</li>
<li>Tinted mineral formulas or chemical filters, which are less likely to leave a grey or purple cast than untinted zinc oxide.</li>
<li>A texture you will actually use every day: gel for oily skin, cream or lotion for dry skin.</li>
</ul>
<p>Dr Harte recommends about half a teaspoon for the face and neck, reapplied every two to three hours when outdoors. Sunscreen should be the last step of a morning skincare routine, before make-up.</p>
<blockquote><p>"The best sunscreen is the one you enjoy putting on. If it feels heavy or looks ashy, you will stop after a week."</p></blockquote>
<p>Prices have fallen as more local brands enter the market; several now sell 50ml tubes for under 8,000 naira.</p>`,
			HeroCaption: "Dermatologists recommend SPF 30 or higher, reapplied through the day.",
			HeroCredit:  "Adaora Nweke / Broadsheet",
			HeroAlt:     "Bright sun high in a clear sky over a sandy landscape",
			AgeHours:    31,
		},

		// ---- life/culture ----
		{
			Headline:   "A Lagos gallery hands its walls to first-time painters",
			Standfirst: "Every three months, Ọ̀ṣun House shows the work of artists who have never exhibited before, chosen from open submissions. The latest show opens on Saturday.",
			Section:    "life/culture",
			Tags:       []string{"Art", "Lagos", "Culture"},
			Authors:    []string{"folasade-ogunleye"},
			Credit:     "",
			BodyHTML: `<p>The paintings in the front room of Ọ̀ṣun House in Yaba were made by a retired civil engineer, a 19-year-old okada rider and a nurse who paints on her days off. None of them had shown work in public before.</p>
<p>The gallery's quarterly <em>First Walls</em> exhibition accepts open submissions from anyone who has never exhibited. This round drew 1,150 entries; a panel of four artists chose 22.</p>
<blockquote><p>"There is so much talent in this city that never gets past the bedroom wall. We are not doing anyone a favour. We are finding the artists before the big galleries do."</p></blockquote>
<p>That is how the gallery's founder, Ìfẹ́olúwa Daramola, describes the idea. She started the programme three years ago with a budget of 400,000 naira and borrowed frames.</p>
<p>Several former participants have since sold work to collectors, and two have been offered solo shows. The gallery takes no commission on sales from <em>First Walls</em>.</p>
<p>The standout of the new show is a series of small oil paintings of bus stops at night by Chinedu Amaechi-Bello, who paints after finishing his shifts as a security guard. "I see these places every night at 2am," he said. "I wanted people to see how beautiful the light is."</p>
<p>The exhibition runs until the end of next month. Entry is free.</p>`,
			HeroCaption: "This round of First Walls drew 1,150 submissions.",
			HeroCredit:  "Seun Akande / Broadsheet",
			HeroAlt:     "A city skyline at dusk in soft pink and violet tones, like a painting",
			AgeHours:    62,
		},
		{
			Headline:   "Oral historians race to record Yoruba lullabies before they are forgotten",
			Standfirst: "A volunteer project has recorded more than 700 songs from grandmothers in 60 towns, and is publishing them with transcriptions and translations.",
			Section:    "life/culture",
			Tags:       []string{"Culture", "Language", "Music"},
			Authors:    []string{"folasade-ogunleye"},
			Credit:     "Broadsheet Staff",
			BodyHTML: `<p>The recording starts with the creak of a chair and a cough. Then an 84-year-old woman in Ògbómọ̀ṣọ́ begins to sing, softly and slowly, a song she was sung as a child.</p>
<p>It is one of more than 700 lullabies and children's songs collected over the past four years by <em>Orin Ìyá</em> ("Mother's Songs"), a volunteer project run from a university department of linguistics in south-west Nigeria.</p>
<p>Its coordinator, Dr Babátúndé Ọláòṣebìkan, said many of the songs exist in several local variations and have never been written down. "When a grandmother passes away, sometimes a whole version of a song goes with her. We are trying to catch them in time."</p>
<h2>How the archive works</h2>
<ol>
<li>Student volunteers visit towns and record singers at home, with their permission.</li>
<li>Each song is transcribed in Yoruba with tone marks and translated into English.</li>
<li>Singers are credited by name, or anonymously if they prefer, and receive a copy of their recording.</li>
</ol>
<p>The archive is free to browse on the <a href="https://example.org/orin-iya/archive">project's website</a>. Several primary school teachers have begun using the songs in class.</p>
<p>The project is looking for volunteers who speak other Yoruba dialects, especially in Ekiti and Ondo.</p>`,
			HeroCaption: "Orin Ìyá has recorded singers in 60 towns.",
			HeroCredit:  "Kunle Adeoti / Broadsheet",
			HeroAlt:     "Gentle hills under a peach and rose evening sky",
			AgeHours:    700,
		},

		// ---- life/entertainment ----
		{
			Headline:   "Nollywood studio signs deal to shoot three films in Calabar",
			Standfirst: "The agreement with Cross River State includes use of a former colonial-era warehouse as a sound stage and promises about 400 local jobs on set.",
			Section:    "life/entertainment",
			Tags:       []string{"Nollywood", "Jobs", "Culture"},
			Authors:    []string{"folasade-ogunleye"},
			Credit:     "NAN",
			BodyHTML: `<p>Lagos-based production company Tidewater Pictures has signed a deal to shoot three feature films in Calabar over the next two years, the first of what the state hopes will be a steady stream of productions.</p>
<p>Under the agreement, the state will lease the company a converted warehouse near the old port as a sound stage, and help with permits to film in the city's historic districts and in nearby forests.</p>
<p>Tidewater's head of production, Eno Bassey-Whyte, said the city offered "streets and landscapes you cannot build in Lagos", as well as lower costs. The first film, a period drama set in the 1950s, begins shooting in January.</p>
<blockquote><p>"We will hire carpenters, drivers, caterers and extras here. Our goal is that by the third film, half of our crew heads of department are from Calabar."</p></blockquote>
<p>The company estimates each film will employ around 400 local people during production. A six-week training course in lighting, sound and set construction will open to applicants in October.</p>
<p>Industry observers said the deal reflected a wider effort by Nollywood producers to film outside Lagos, where locations are increasingly crowded and expensive.</p>`,
			HeroCaption: "The first production, a period drama, is due to start shooting in January.",
			HeroCredit:  "Effiong Okon / NAN",
			HeroAlt:     "Forested hills fading into mist under a golden evening sky",
			AgeHours:    47,
		},
		{
			Headline:   "Abuja comedy night sells out its 100th show",
			Standfirst: "What began as an open-mic evening in a hotel bar now fills a 600-seat hall every month, and has launched several comedians onto national television.",
			Section:    "life/entertainment",
			Tags:       []string{"Comedy", "Abuja", "Nightlife"},
			Authors:    []string{"folasade-ogunleye", "kelechi-nwosu"},
			Credit:     "",
			BodyHTML: `<p>Eight years ago, Laugh Federal was a dozen chairs in the corner of a hotel bar in Wuse, with a borrowed microphone and an audience made up mostly of the comedians' friends.</p>
<p>On Saturday night, its 100th show sold all 600 seats in a conference hall within two days of tickets going on sale.</p>
<p>The night's organiser, Zainab Oduya-Mark, a former accountant, says the secret is simple: new comedians get five minutes, and the audience decides who comes back. "We have never booked anybody because they were famous," she said. "Some of the best sets here came from people on their second time on stage."</p>
<p>Several of the show's regulars now appear on national television, and two have taken solo tours across the country.</p>
<h2>Comedy about ordinary life</h2>
<p>The material leans heavily on everyday frustrations: traffic, landlords, family group chats and wedding guest lists. Topical jokes about politics appear, but the organisers say they ask performers to "punch up, not down".</p>
<p>The show returns next month with a line-up that includes four first-time comedians.</p>`,
			HeroCaption: "Laugh Federal now fills a 600-seat hall every month.",
			HeroCredit:  "Musa Ibrahim / Broadsheet",
			HeroAlt:     "City lights coming on against a violet dusk sky",
			AgeHours:    165,
		},

		// ---- life/events ----
		{
			Headline:   "Lagos Book & Art Weekend returns with 140 writers and a children's fair",
			Standfirst: "The three-day festival moves to a larger venue on the Marina this year, with free entry to most events and a new programme for young readers.",
			Section:    "life/events",
			Tags:       []string{"Books", "Festivals", "Lagos"},
			Authors:    []string{"folasade-ogunleye"},
			Credit:     "Broadsheet Staff",
			BodyHTML: `<p>The Lagos Book &amp; Art Weekend returns next month with 140 writers, illustrators and publishers from 18 countries, and for the first time a dedicated fair for children and teenagers.</p>
<p>The festival, now in its ninth year, is moving from its usual home in Ikoyi to a converted warehouse on the Marina with room for 3,000 visitors at a time.</p>
<h2>Highlights</h2>
<ul>
<li><strong>Friday:</strong> opening readings, and a panel on translating African literature into other African languages.</li>
<li><strong>Saturday:</strong> the children's fair, with storytelling, comic-drawing workshops and a book swap.</li>
<li><strong>Sunday:</strong> a poetry slam final and the announcement of the festival's prize for a debut novel.</li>
</ul>
<p>Most events are free. Workshops cost 2,000 naira and must be booked in advance through the <a href="https://example.org/lagos-book-art/programme">festival programme</a>.</p>
<blockquote><p>"We want a twelve-year-old to walk out with a book they chose themselves. That is how readers are made."</p></blockquote>
<p>The festival's director, Kéhìndé Ashaolu-Pratt, said the children's fair had been planned with 30 school librarians. Publishers will sell books at a 20 per cent discount throughout the weekend.</p>`,
			HeroCaption: "The festival moves to a larger venue on the Marina this year.",
			HeroCredit:  "Temi Okoro / Broadsheet",
			HeroAlt:     "The Lagos waterfront at sunset with buildings reflected in the lagoon",
			AgeHours:    22,
		},

		// ---- life/fashion ----
		{
			Headline:   "Adire goes back to school: the young designers reviving indigo dyeing",
			Standfirst: "In Abeokuta, a workshop teaches the centuries-old resist-dyeing technique to fashion students, who are taking it onto runways in new shapes.",
			Section:    "life/fashion",
			Tags:       []string{"Fashion", "Culture"},
			Authors:    []string{"folasade-ogunleye"},
			Credit:     "",
			BodyHTML: `<p>The dye pits in the courtyard of the Itoku workshop in Abeokuta are deep blue and smell faintly of fermented leaves. Around them, a dozen fashion students in aprons are tying knots into lengths of white cotton.</p>
<p>They are learning <em>adire</em>, the Yoruba craft of resist-dyeing cloth with indigo, from women whose families have practised it for generations. The six-week course, run by the Adire Heritage Trust, has trained 240 students since it began.</p>
<blockquote><p>"My grandmother's customers were traders and brides. My students' customers are on the other side of the world. The cloth is the same; the conversation is new."</p></blockquote>
<p>So says master dyer Mrs Abèní Ṣóbándé, who has dyed cloth for 41 years.</p>
<h2>From dye pit to runway</h2>
<p>Graduates of the course are using adire in tailored jackets, wide-leg trousers and even trainers. At a recent student show in Lagos, a collection of structured indigo coats by 23-year-old Favour Ekpo-Lawal drew the loudest applause.</p>
<p>The trust says it is careful to credit the dyers and to pay them a share when designs based on traditional patterns are sold. It is also campaigning against cheap printed fabric sold as adire, which it says undercuts hand-dyed work.</p>`,
			HeroCaption: "The course has trained 240 fashion students since it began.",
			HeroCredit:  "Yinka Ojo / Broadsheet",
			HeroAlt:     "Deep blue evening sky fading to pale gold over a quiet lake",
			AgeHours:    88,
		},

		// ---- life/food ----
		{
			Headline:   `Jollof, suya & pepper soup: a "national dish" debate that will not end`,
			Standfirst: "We asked chefs, historians and hungry readers which dish deserves the title. Nobody agreed, and that may be the point.",
			Section:    "life/food",
			Tags:       []string{"Food", "Culture"},
			Authors:    []string{"yewande-akintola"},
			Credit:     "Broadsheet Staff",
			BodyHTML: `<p>Few questions start an argument faster at a Nigerian dinner table than this one: if the country had to choose a single national dish, what would it be?</p>
<p>We put it to chefs, food historians and more than 2,000 readers in an online poll. Jollof rice won with 41 per cent of the vote, followed by pounded yam and egusi (19 per cent), suya (14 per cent) and pepper soup (9 per cent). A determined 6 per cent wrote in "my mother's cooking".</p>
<h2>The case for jollof</h2>
<p>"Jollof is at every party, every wedding, every naming ceremony," said chef Tobechukwu Amadi-Lane, who runs a restaurant in Port Harcourt. "It crosses regions and religions. Everybody argues about how to make it, which is exactly what a national dish should do."</p>
<h2>The case against choosing</h2>
<p>Food historian Dr Rahmat Oyelowo-Kassim is not convinced the question has an answer. "A country of more than 200 million people and hundreds of languages does not eat one thing," she said. "Tuwo shinkafa, banga soup, ofada rice, edikang ikong: each is a national dish to somebody."</p>
<blockquote><p>"Ask me on a cold evening and I will say pepper soup. Ask me at a wedding and it is jollof. Ask me at 11pm on the street and it is suya."</p></blockquote>
<p>That verdict came from one reader, Obiageli from Onitsha, and it may be the most honest answer we received.</p>`,
			HeroCaption: "Jollof rice topped our readers' poll, but not by a majority.",
			HeroCredit:  "Ada Eze / Broadsheet",
			HeroAlt:     "Golden evening light over low hills and rooftops",
			AgeHours:    17,
		},
		{
			Headline:   "The Ibadan bakery that sells out of bread by 7am",
			Standfirst: "Three generations of one family have baked agege-style loaves in the same wood-fired ovens since 1968. Customers start queueing before dawn.",
			Section:    "life/food",
			Tags:       []string{"Food", "Small Business"},
			Authors:    []string{"yewande-akintola"},
			Credit:     "",
			BodyHTML: `<p>At 4.30am the street outside Mama Kòfo's Bakery in Ibadan is dark except for the orange glow from its two brick ovens. By 5am, there is a queue.</p>
<p>The bakery has made soft, dense agege-style bread here since 1968. It now bakes about 3,000 loaves a day, and on most mornings the last one is sold before 7am.</p>
<p>Its current manager, Olúwaṣeun Kòfowórọlá, 34, is the founder's granddaughter. She has changed little. "The recipe is flour, water, sugar, yeast, a little fat and a lot of kneading," she said. "People ask for the secret. The secret is that we never rush the dough."</p>
<h2>Keeping prices steady</h2>
<p>Rising flour prices have been the bakery's biggest challenge. Rather than shrink its loaves, it buys flour in bulk with four other bakeries nearby, saving about 8 per cent.</p>
<ul>
<li>Small loaf: 600 naira</li>
<li>Family loaf: 1,400 naira</li>
<li>Coconut bread, on Saturdays only: 900 naira</li>
</ul>
<p>Regulars say it is worth the early start. "I have bought bread here since I was a schoolboy," said one customer, a retired teacher, as he walked away with two loaves under his arm. "My grandchildren now complain if I bring any other kind."</p>`,
			HeroCaption: "The bakery has used the same wood-fired ovens since 1968.",
			HeroCredit:  "Lanre Bamidele / Broadsheet",
			HeroAlt:     "Dawn breaking over the rusty rooftops and hills of Ibadan",
			AgeHours:    230,
		},

		// ---- life/health-wellness ----
		{
			Headline:   "Why doctors want you to check your blood pressure at the pharmacy",
			Standfirst: "High blood pressure causes no symptoms for years. A free screening drive in 1,200 pharmacies found that a third of those tested had raised readings.",
			Section:    "life/health-wellness",
			Tags:       []string{"Health", "Wellbeing"},
			Authors:    []string{"halima-sadiq"},
			Credit:     "Broadsheet Staff",
			BodyHTML: `<p>More than a third of adults tested during a month-long free screening drive in community pharmacies had raised blood pressure, and most did not know it, according to the pharmacists' association that ran the campaign.</p>
<p>Of 86,000 people screened in 1,200 pharmacies, 34 per cent had readings of 140/90 or higher. Two thirds of them said they had never been told they had high blood pressure.</p>
<blockquote><p>"Hypertension is silent. People feel fine until the day they have a stroke. A two-minute check is the cheapest way we have to prevent that."</p></blockquote>
<p>That warning came from Dr Emeka Obiora-Hassan, a cardiologist who advised on the campaign.</p>
<h2>What the numbers mean</h2>
<ul>
<li><strong>Below 120/80:</strong> normal. Check once a year.</li>
<li><strong>120-139 / 80-89:</strong> raised. Cut down on salt, move more and check again in three months.</li>
<li><strong>140/90 or higher:</strong> see a doctor, who may repeat the test before diagnosing hypertension.</li>
</ul>
<p>Doctors say a single high reading is not a diagnosis, because stress, caffeine or a rushed walk to the pharmacy can push numbers up. The association is asking pharmacies to keep offering free checks on the first Saturday of every month.</p>`,
			HeroCaption: "Pharmacists screened 86,000 people during the campaign.",
			HeroCredit:  "Hauwa Lawal / Broadsheet",
			HeroAlt:     "Calm lake at sunrise with soft pink light on the water",
			AgeHours:    52,
		},
		{
			Headline:   "Walking groups spread across Abuja's parks as residents seek cheap exercise",
			Standfirst: "From a single group of 12 neighbours, Walk Abuja now runs 35 free morning walks a week, and organisers say most members had never exercised regularly.",
			Section:    "life/health-wellness",
			Tags:       []string{"Fitness", "Wellbeing", "Abuja"},
			Authors:    []string{"halima-sadiq"},
			Credit:     "",
			BodyHTML: `<p>At 6am on a weekday, groups in matching green caps can be seen striding around the paths of Abuja's larger parks. They are members of Walk Abuja, a volunteer network that began two years ago with a dozen neighbours in Gwarinpa.</p>
<p>It now organises 35 free walks a week in 14 locations, with about 2,500 registered members. Walks last 45 minutes and are led at three speeds, so nobody gets left behind.</p>
<p>"Gyms are expensive and, frankly, intimidating for many people," said co-founder Rukayat Abubakar-Jones, a physiotherapist. "Walking needs nothing but shoes. And when ten people are waiting for you at 6am, you get out of bed."</p>
<h2>Small changes, measured</h2>
<p>Members who volunteered for a simple health check at the start and after six months saw their average resting heart rate fall by five beats per minute, and most reported sleeping better. The group stresses that it is not a medical programme.</p>
<p>New walkers can find a group near them on the <a href="https://example.org/walk-abuja">network's page</a>. There is no fee, and the caps are optional.</p>`,
			HeroCaption: "Walk Abuja runs 35 free walks a week in 14 locations.",
			HeroCredit:  "Ibrahim Dauda / Broadsheet",
			HeroAlt:     "Morning sun over green hills and scattered trees",
			AgeHours:    315,
		},

		// ---- life/love-relationships ----
		{
			Headline:   "Money talks: counsellors on the conversation most couples avoid",
			Standfirst: "Disagreements about money are among the most common reasons couples seek counselling. Talking about it early, and regularly, helps more than any budgeting app.",
			Section:    "life/love-relationships",
			Tags:       []string{"Relationships", "Family", "Personal Finance"},
			Authors:    []string{"daniel-okafor-reyes"},
			Credit:     "",
			BodyHTML: `<p>Ask a relationship counsellor what couples argue about most and the answer is rarely infidelity or in-laws. It is money.</p>
<p>"Money is never just money," said Adaugo Nwachukwu-Fry, a counsellor who has worked with couples in Lagos for 15 years. "It carries everything you learned growing up: fear, pride, obligation to family. Two people bring two completely different rulebooks into one home."</p>
<h2>Questions worth asking early</h2>
<ol>
<li>How much do we each earn, and how much do we each owe?</li>
<li>Do we pool our money, keep it separate, or do a bit of both?</li>
<li>How much support do we each send to our families, and is that expected to change?</li>
<li>What would we each do with an unexpected 500,000 naira?</li>
</ol>
<p>She suggests a monthly "money date": thirty minutes, no phones, reviewing what came in and went out. "Do it over food. It is much harder to fight while eating suya."</p>
<blockquote><p>"The couples who do well are not the ones who earn the most. They are the ones who stopped keeping secrets about money."</p></blockquote>
<p>Financial planners agree. Whatever system a couple chooses, they say, the important thing is that both partners understand it and could manage on their own if they had to.</p>`,
			HeroCaption: "Counsellors recommend a regular, relaxed conversation about household money.",
			HeroCredit:  "Chioma Eke / Broadsheet",
			HeroAlt:     "Two hills side by side under a soft pink evening sky",
			AgeHours:    120,
		},

		// ---- life/travel ----
		{
			Headline:   "Obudu in the rainy season: mist, hills and empty trails",
			Standfirst: "Most visitors come in the dry months. Go between June and September instead and you get cool air, waterfalls at full strength and the plateau almost to yourself.",
			Section:    "life/travel",
			Tags:       []string{"Travel", "Nature"},
			Authors:    []string{"yewande-akintola"},
			Credit:     "",
			BodyHTML: `<p>The road up the Obudu plateau climbs through 21 hairpin bends, and somewhere around the fifteenth, the air changes. The heat of the lowlands gives way to a cool, damp breeze, and on a rainy-season morning the hills disappear into cloud.</p>
<p>At about 1,600 metres above sea level, the plateau in Cross River State is one of the coolest places in Nigeria. Most visitors come between November and March. I went in August, and I would go again in August.</p>
<h2>What to do</h2>
<ul>
<li><strong>The waterfall walk:</strong> about 40 minutes each way through forest; the falls are at their fullest after rain.</li>
<li><strong>Canopy walkway:</strong> a swaying path through the treetops in the gorge below the ranch.</li>
<li><strong>Sunrise on the ridge:</strong> if the mist clears, the view over the valley into Cameroon is extraordinary.</li>
</ul>
<h2>Practical notes</h2>
<p>Bring a waterproof jacket and shoes with grip; paths can be slippery. Rooms at the main resort cost about 25 per cent less in the rainy season, and smaller guest houses in the villages below offer simpler rooms from 15,000 naira a night.</p>
<p>Local guide Ushie Ogar, who has led walks on the plateau for 20 years, put it best: "In the dry season, people come to see the view. In the rainy season, you come to be inside the clouds."</p>`,
			HeroCaption: "Mist settles over the plateau on most rainy-season mornings.",
			HeroCredit:  "Yewande Akintola / Broadsheet",
			HeroAlt:     "Layers of misty mountains fading into the distance at dawn",
			AgeHours:    140,
		},
		{
			Headline:   "A weekend in Zanzibar's Stone Town on a modest budget",
			Standfirst: "Carved doors, spice markets and sunset over the harbour do not have to cost a fortune. Our writer spent three days there for under 250 dollars, flights aside.",
			Section:    "life/travel",
			Tags:       []string{"Travel", "Food"},
			Authors:    []string{"yewande-akintola"},
			Credit:     "",
			BodyHTML: `<p>Stone Town is best explored on foot and without a plan. Its lanes are too narrow for cars, and every turn seems to reveal another carved wooden door, another tiny mosque, another man selling strong coffee from a brass pot.</p>
<h2>Where to stay</h2>
<p>Guest houses in restored merchants' homes offer double rooms with breakfast from about 35 dollars a night. Rooftop terraces are common; ask for one with a sea view.</p>
<h2>What to eat</h2>
<p>The evening food market at Forodhani Gardens on the seafront is the obvious choice and deserves its reputation. Try grilled octopus, sugar-cane juice pressed to order and "Zanzibar pizza", a folded, griddled pancake stuffed with egg and minced meat, or banana and chocolate.</p>
<blockquote><p>"Eat where the queue is longest and the menu is shortest," a stallholder told me on my first night. It was good advice all weekend.</p></blockquote>
<h2>What it cost</h2>
<ul>
<li>Three nights' accommodation: 110 dollars</li>
<li>Food and drink: 70 dollars</li>
<li>Spice farm tour, shared: 25 dollars</li>
<li>Dhow trip at sunset: 20 dollars</li>
</ul>
<p>Go early in the morning, before the heat and the tour groups, when shopkeepers are sweeping their doorsteps and the town belongs to the people who live there.</p>`,
			HeroCaption: "Sunset over the harbour is the highlight of most visitors' evenings.",
			HeroCredit:  "Yewande Akintola / Broadsheet",
			HeroAlt:     "Sun setting over a calm harbour, its light reflected across the water",
			AgeHours:    355,
		},

		// ---- life/music ----
		{
			Headline:   "Highlife's new generation fills a Lagos club every Thursday",
			Standfirst: "A weekly night devoted to live highlife, with a house band of musicians mostly under 30, has become one of the hardest tickets in town.",
			Section:    "life/music",
			Tags:       []string{"Music", "Lagos", "Nightlife"},
			Authors:    []string{"folasade-ogunleye"},
			Credit:     "",
			BodyHTML: `<p>By 10pm on a Thursday the dance floor at The Palmwine Room in Surulere is full, and the band has not even played its first song. When the horns finally come in, the crowd, mostly in their twenties, cheers like it is a stadium concert.</p>
<p>The weekly <em>Highlife Thursdays</em> began two years ago as a monthly experiment. The house band, the Lagoon Serenaders, is led by 28-year-old guitarist Kọ́lápọ̀ Adéníran, who learned the style from his grandfather's records.</p>
<blockquote><p>"People think highlife is for their parents. Then they hear it live, with real horns and a real bass player, and they cannot stand still."</p></blockquote>
<p>The band plays classics alongside new songs, some of which borrow the rhythms of Afrobeats and amapiano. Guest singers rotate each week.</p>
<h2>A wider revival</h2>
<p>Similar nights have opened in Accra, Enugu and Port Harcourt. Music teachers say more young students are asking to learn trumpet and saxophone, instruments that had been losing ground to producers working on laptops.</p>
<p>Tickets cost 5,000 naira and are released every Monday at noon. They usually sell out the same day.</p>`,
			HeroCaption: "The Lagoon Serenaders play every Thursday night in Surulere.",
			HeroCredit:  "Dayo Ogunbiyi / Broadsheet",
			HeroAlt:     "Night falling over a city, with warm lights in the windows of tall buildings",
			AgeHours:    75,
		},

		// ---- life/tv-series ----
		{
			Headline:   `"The Harbour Master" returns for a second season with a sharper edge`,
			Standfirst: "The port-city drama about smuggling, family and customs officials who cannot be bought comes back with new characters and a darker story.",
			Section:    "life/tv-series",
			Tags:       []string{"TV", "Nollywood", "Reviews"},
			Authors:    []string{"folasade-ogunleye"},
			Credit:     "",
			BodyHTML: `<p>The first season of <em>The Harbour Master</em> became a word-of-mouth success last year, thanks to its sharp dialogue and its unusually honest portrait of a working port. The second season, which begins streaming on Friday, is more ambitious and, for the most part, better.</p>
<p>Adaeze Kalu-Smith returns as Ngozi Ibekwe, the stubborn deputy harbour master whose refusal to look the other way made her enemies in season one. This time the threat is closer to home: her younger brother has taken a job with a shipping agent she has been investigating.</p>
<h2>What works</h2>
<ul>
<li>The writing gives supporting characters, especially the dock workers, real lives of their own.</li>
<li>Night scenes on the quay are beautifully shot.</li>
<li>The show resists easy villains; even the smugglers have believable reasons.</li>
</ul>
<h2>What does not</h2>
<p>A subplot about a property development drags in the middle episodes, and one late twist relies on a coincidence too many.</p>
<p>Still, the final two episodes are as tense as anything on television this year. <strong>Verdict: four stars out of five.</strong></p>`,
			HeroCaption: "The second season of The Harbour Master begins streaming on Friday.",
			HeroCredit:  "Press image / Tidewater Pictures",
			HeroAlt:     "A harbour city at night with lights reflected in the dark water",
			AgeHours:    26,
		},

		// ---- life/whats-new ----
		{
			Headline:   "New this week: a river-view cinema, a night market and a museum app",
			Standfirst: "Our weekly round-up of openings and launches across Lagos and Abuja.",
			Section:    "life/whats-new",
			Tags:       []string{"Lagos", "Abuja", "Festivals"},
			Authors:    []string{"yewande-akintola", "folasade-ogunleye"},
			Credit:     "Broadsheet Staff",
			BodyHTML: `<p>Every Friday we list the openings, launches and small pleasures worth knowing about. Tell us about something new at <a href="mailto:whatsnew@example.com">whatsnew@example.com</a>.</p>
<h2>Lagos</h2>
<ul>
<li><strong>Lagoonside Cinema</strong> opens on Saturday in Ebute Metta: a 90-seat screen with floor-to-ceiling windows over the water. Tickets from 4,500 naira.</li>
<li><strong>Ikeja Night Market</strong> now runs every Friday from 6pm to midnight, with 70 food stalls and live music.</li>
<li>The <strong>Lagos Heritage Museum</strong> has released a free audio-guide app in English, Yoruba and Pidgin.</li>
</ul>
<h2>Abuja</h2>
<ul>
<li><strong>Jabi Lake Kayak Club</strong> offers beginner lessons on weekend mornings for 8,000 naira, equipment included.</li>
<li>A new independent bookshop, <strong>Pages &amp; Palms</strong>, has opened in Wuse 2 with a café and a children's corner.</li>
</ul>
<h2>And one more thing</h2>
<p>The <strong>Ibadan Cultural Centre</strong> has reopened its upstairs gallery after a year of repairs, with an exhibition of 1970s concert posters lent by private collectors. Entry is free on weekdays.</p>
<p>Prices and times were correct when we published; check with venues before you travel.</p>`,
			HeroCaption: "The Lagoonside Cinema opens this weekend with views over the water.",
			HeroCredit:  "Ayo Fadipe / Broadsheet",
			HeroAlt:     "Evening over the lagoon, with city buildings reflected in still water",
			AgeHours:    1,
		},
	}
}
