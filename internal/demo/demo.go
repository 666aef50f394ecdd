// Package demo holds the content of a fictional demo newsroom, "The
// Broadsheet Daily", used by `broadsheet serve --demo` to fill an empty
// database so that a new user sees a complete, realistic news site at once.
//
// It is pure data plus a procedural picture generator (see Picture and
// Portrait) and imports nothing else from this module. All people,
// companies, clubs and quotes in it are invented; real countries, cities and
// institutions are mentioned only in general terms.
package demo

// Section is one node of the section tree. Slugs are lower-case ASCII words
// joined by hyphens; an article refers to a section by its slug path, for
// example "news/world".
type Section struct {
	Name     string
	Slug     string
	Children []Section
}

// Author is a member of the demo newsroom.
type Author struct {
	Slug  string
	Name  string
	Bio   string
	Links []string // profile links, on example.com / example.org hosts only
}

// Article is one demo story.
type Article struct {
	Headline    string
	Standfirst  string   // one or two sentences
	Section     string   // slug path, e.g. "news/world" or "sports"
	Tags        []string // tag names, reused across articles
	Authors     []string // author slugs, 1-2
	Credit      string   // agency or credit line; empty for some
	BodyHTML    string   // <p>, <h2>, <ul>/<ol>, <blockquote>, <strong>, <em>, <a>
	HeroCaption string
	HeroCredit  string
	HeroAlt     string
	AgeHours    int    // hours before "now" the story was published
	Correction  string // empty for most
}

// StaticPage is a fixed page such as "About us".
type StaticPage struct {
	Slug     string
	Title    string
	BodyHTML string
}

// Site holds the name and settings of the demo publication.
type Site struct {
	Name, Tagline, TimeZone string
	Social                  map[string]string // whatsapp, facebook, instagram, x, google_news, linkedin
}

// SiteInfo returns the identity of the demo publication.
func SiteInfo() Site {
	return Site{
		Name:     "The Broadsheet Daily",
		Tagline:  "Independent news, every day",
		TimeZone: "Africa/Lagos",
		Social: map[string]string{
			"whatsapp":    "https://example.com/whatsapp/broadsheet-daily",
			"facebook":    "https://example.com/facebook/broadsheetdaily",
			"instagram":   "https://example.com/instagram/broadsheetdaily",
			"x":           "https://example.com/x/broadsheetdaily",
			"google_news": "https://example.com/google-news/broadsheet-daily",
			"linkedin":    "https://example.com/linkedin/the-broadsheet-daily",
		},
	}
}

// Sections returns the section tree of the demo site, in menu order.
func Sections() []Section {
	leaf := func(name, slug string) Section { return Section{Name: name, Slug: slug} }
	return []Section{
		{Name: "News", Slug: "news", Children: []Section{
			leaf("Headlines", "headlines"),
			leaf("Africa", "africa"),
			leaf("Nigeria", "nigeria"),
			leaf("National", "national"),
			leaf("World", "world"),
			leaf("Politics", "politics"),
		}},
		{Name: "Life", Slug: "life", Children: []Section{
			leaf("Beauty", "beauty"),
			leaf("Culture", "culture"),
			leaf("Entertainment", "entertainment"),
			leaf("Events", "events"),
			leaf("Fashion", "fashion"),
			leaf("Food", "food"),
			leaf("Health & Wellness", "health-wellness"),
			leaf("Love and Relationships", "love-relationships"),
			leaf("Travel and Places", "travel"),
			leaf("Music", "music"),
			leaf("TV Series", "tv-series"),
			leaf("What's New", "whats-new"),
		}},
		{Name: "Sports", Slug: "sports", Children: []Section{
			leaf("Boxing", "boxing"),
			leaf("Football", "football"),
			leaf("Tennis", "tennis"),
			leaf("Other Sports", "other-sports"),
		}},
		{Name: "Business", Slug: "business", Children: []Section{
			leaf("Insurance", "insurance"),
		}},
		{Name: "Technology", Slug: "technology", Children: []Section{
			leaf("Social media", "social-media"),
			leaf("Gadgets", "gadgets"),
		}},
		{Name: "Features", Slug: "features", Children: []Section{
			leaf("Guide & Tips", "guides"),
			leaf("Jobs", "jobs"),
			leaf("Scholarship", "scholarships"),
			leaf("Reviews", "reviews"),
			leaf("Opinion", "opinion"),
		}},
	}
}

// Authors returns the demo newsroom's writers.
func Authors() []Author {
	links := func(slug, handle string) []string {
		return []string{
			"https://example.com/people/" + slug,
			"https://example.org/@" + handle,
		}
	}
	return []Author{
		{
			Slug:  "adebayo-olabisi",
			Name:  "Adébáyọ̀ Ọlábísí",
			Bio:   "Adébáyọ̀ is the politics editor of The Broadsheet Daily. He has covered three general elections, two constitutional review processes and more budget debates than he would like to count, and he still reads every bill in full.",
			Links: links("adebayo-olabisi", "adebayo_writes"),
		},
		{
			Slug:  "chiamaka-ezenwa",
			Name:  "Chiamaka Ezenwa",
			Bio:   "Chiamaka is our Africa correspondent, based in Nairobi. She reports on trade, farming and the cities of East and Southern Africa, and previously worked on the business desk in Lagos.",
			Links: links("chiamaka-ezenwa", "chiamaka_ez"),
		},
		{
			Slug:  "zoe-marchetti",
			Name:  "Zoë Marchetti",
			Bio:   "Zoë writes about world affairs, climate and the economics of shipping. Before joining The Broadsheet Daily she spent six years as a freelance reporter in Europe and South America.",
			Links: links("zoe-marchetti", "zoemarchetti"),
		},
		{
			Slug:  "kofi-mensah-darko",
			Name:  "Kofi Mensah-Darko",
			Bio:   "Kofi is the business editor. He covers banking, markets, ports and the small companies that keep West African economies moving, and he writes the weekly Money Matters column.",
			Links: links("kofi-mensah-darko", "kofi_md"),
		},
		{
			Slug:  "halima-sadiq",
			Name:  "Halima Sadiq",
			Bio:   "Halima reports on health, science and the environment. She trained as a pharmacist in Zaria before moving into journalism and is the newsroom's go-to reader of clinical studies.",
			Links: links("halima-sadiq", "halimasadiq"),
		},
		{
			Slug:  "emeka-odinaka",
			Name:  "Emeka Odinaka",
			Bio:   "Emeka is the sports editor. He has covered domestic football for twelve years, sits ringside for the big fight nights in Lagos and keeps an opinion on every tactical system ever devised.",
			Links: links("emeka-odinaka", "emeka_sport"),
		},
		{
			Slug:  "ines-carvalho",
			Name:  "Inês Carvalho",
			Bio:   "Inês covers technology: start-ups, phones, social media and the rules that govern them. She grew up between Luanda and Lisbon and tests every gadget we review for at least a week.",
			Links: links("ines-carvalho", "ines_tech"),
		},
		{
			Slug:  "folasade-ogunleye",
			Name:  "Folasade Ogunleye",
			Bio:   "Folasade edits the Life section, covering culture, fashion, music and television. She is happiest in a gallery, a rehearsal room or a crowded concert hall.",
			Links: links("folasade-ogunleye", "folasade_o"),
		},
		{
			Slug:  "daniel-okafor-reyes",
			Name:  "Daniel Okafor-Reyes",
			Bio:   "Daniel edits Features, including our guides, reviews and opinion pages. He writes practical explainers on paperwork, money and careers, and he answers readers' questions every Friday.",
			Links: links("daniel-okafor-reyes", "danielokr"),
		},
		{
			Slug:  "yewande-akintola",
			Name:  "Yewande Akintola",
			Bio:   "Yewande writes about food and travel. She has eaten her way along most of the West African coast and believes the best meal in any city is served within walking distance of its main bus station.",
			Links: links("yewande-akintola", "yewande_eats"),
		},
		{
			Slug:  "kelechi-nwosu",
			Name:  "Kelechi Nwosu",
			Bio:   "Kelechi is our national correspondent in Abuja, covering education, transport, housing and public services. He spends as much time in classrooms and bus parks as in government offices.",
			Links: links("kelechi-nwosu", "kelechi_n"),
		},
	}
}

// Articles returns every demo story, grouped by section.
func Articles() []Article {
	var all []Article
	all = append(all, newsArticles()...)
	all = append(all, lifeArticles()...)
	all = append(all, sportsArticles()...)
	all = append(all, businessArticles()...)
	all = append(all, technologyArticles()...)
	all = append(all, featuresArticles()...)
	return all
}

// Pages returns the static pages of the demo site.
func Pages() []StaticPage {
	return []StaticPage{
		{
			Slug:  "about",
			Title: "About us",
			BodyHTML: `<p><strong>The Broadsheet Daily</strong> is an independent news publication based in Lagos. We report on Nigeria, Africa and the wider world for readers who want clear, accurate and fair journalism every day.</p>
<p>Our newsroom of reporters and editors covers politics, business, technology, sport and culture. We do not belong to any party, company or government, and our editors decide what we publish.</p>
<h2>How we work</h2>
<ul>
<li>We name our sources whenever we can, and explain why when we cannot.</li>
<li>We ask people we write about for their response before we publish.</li>
<li>We correct mistakes promptly and say so at the end of the article.</li>
<li>We keep news and opinion apart, and label opinion clearly.</li>
</ul>
<p>Read our <a href="https://example.org/broadsheet/standards">editorial standards</a> or <a href="mailto:editor@example.com">write to the editor</a> with a story, a question or a correction.</p>
<p><em>The Broadsheet Daily is a fictional newsroom. Its stories, people and organisations are invented to demonstrate the Broadsheet publishing platform.</em></p>`,
		},
		{
			Slug:  "contact",
			Title: "Contact us",
			BodyHTML: `<p>We read every message, although we cannot reply to them all.</p>
<ul>
<li><strong>News tips:</strong> our <a href="/tips">secure tips box</a>, which keeps no trace of who you are</li>
<li><strong>Corrections:</strong> <a href="mailto:corrections@example.com">corrections@example.com</a></li>
<li><strong>Letters to the editor:</strong> <a href="mailto:letters@example.com">letters@example.com</a></li>
<li><strong>Advertising:</strong> <a href="mailto:ads@example.com">ads@example.com</a></li>
</ul>
<h2>Our office</h2>
<p>The Broadsheet Daily, 14 Marina Road, Lagos Island, Lagos. The front desk is open from 9am to 5pm, Monday to Friday.</p>
<p>If you want to share information confidentially, use the <a href="/tips">tips box</a> rather than this form or email.</p>`,
		},
		{
			Slug:  "advertise",
			Title: "Advertise with us",
			BodyHTML: `<p>The Broadsheet Daily reaches readers who care about what is happening in their city, their country and the world. Advertising helps pay for our reporting.</p>
<h2>What we offer</h2>
<ul>
<li>Display advertising on the home page and in sections</li>
<li>Sponsorship of newsletters and special reports</li>
<li>Clearly labelled partner content, written separately from our newsroom</li>
<li>Classified listings for jobs, events and notices</li>
</ul>
<p>Advertisers never influence our journalism, and we do not accept advertising for gambling, tobacco or unproven medical products.</p>
<p>For rates and our audience figures, write to us with the form below.</p>`,
		},
		{
			Slug:  "privacy",
			Title: "Privacy policy",
			BodyHTML: `<p>This policy explains, in plain language, what information The Broadsheet Daily keeps about you and why.</p>
<h2>What we collect</h2>
<ul>
<li>If you simply read the site, we keep standard server logs (the page requested, the time and your IP address) for up to 30 days to keep the service running and secure.</li>
<li>If you sign up for a newsletter, we keep your email address until you unsubscribe.</li>
<li>If you write to us, we keep your message and contact details for as long as we need them to respond.</li>
</ul>
<h2>What we do not do</h2>
<p>We do not use third-party trackers, advertising cookies or analytics services that follow you across other websites. We do not sell or rent your information to anyone.</p>
<h2>Your rights</h2>
<p>You can ask to see, correct or delete the information we hold about you by writing to <a href="mailto:privacy@example.com">privacy@example.com</a>. We will answer within 30 days.</p>`,
		},
	}
}
