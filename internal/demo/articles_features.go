package demo

func featuresArticles() []Article {
	return []Article{
		// ---- features/guides ----
		{
			Headline:   "How to renew your passport without queueing twice",
			Standfirst: "A step-by-step guide to the online application, the documents you need and how to make your appointment count.",
			Section:    "features/guides",
			Tags:       []string{"Guides", "Travel"},
			Authors:    []string{"daniel-okafor-reyes"},
			Credit:     "",
			BodyHTML: `<p>Renewing a passport used to mean a day off work and, often, a second visit. The process is now mostly online, but small mistakes can still send you home empty-handed. Here is how to get it right the first time.</p>
<h2>Before you start</h2>
<ul>
<li>Your current passport, even if expired.</li>
<li>Your national identification number, which must match the name on your passport exactly.</li>
<li>A recent passport photograph on a white background, as a digital file.</li>
<li>A debit card for the online payment.</li>
</ul>
<h2>Step by step</h2>
<ol>
<li>Fill in the application on the immigration service's official website. Check every letter of your name against your ID.</li>
<li>Pay online and save the receipt as a PDF. Never pay an agent who offers to "speed things up".</li>
<li>Book an appointment for biometrics at the office nearest to you.</li>
<li>Arrive 30 minutes early with printed copies of your application, receipt and appointment slip.</li>
<li>Collect your passport when you receive a text message, usually within four to six weeks.</li>
</ol>
<blockquote><p>"The most common problem we see is a name that does not match between documents, even a missing middle name. Fix that first, before you pay."</p></blockquote>
<p>That advice comes from a passport office supervisor in Lagos, who asked us not to use her name because she is not authorised to speak to the press.</p>
<p>If your name has changed, through marriage for example, bring the original certificate and a sworn declaration.</p>`,
			HeroCaption: "Most of the renewal process can now be completed online.",
			HeroCredit:  "Illustration / Broadsheet",
			HeroAlt:     "A wide landscape under a bright sky, suggesting travel",
			AgeHours:    39,
		},
		{
			Headline:   "A plain guide to reading your electricity bill",
			Standfirst: "Tariff bands, fixed charges and estimated readings explained, with tips on disputing a bill that looks wrong.",
			Section:    "features/guides",
			Tags:       []string{"Guides", "Energy", "Personal Finance"},
			Authors:    []string{"daniel-okafor-reyes", "kofi-mensah-darko"},
			Credit:     "",
			BodyHTML: `<p>Electricity bills are confusing by design, or so it can feel. Here is what each part of a typical bill means, and what to do if yours looks wrong.</p>
<h2>The parts of your bill</h2>
<ul>
<li><strong>Tariff band:</strong> a letter showing how many hours of supply your feeder is supposed to receive each day. Band A customers are promised the most hours and pay the highest rate per kilowatt-hour.</li>
<li><strong>Energy charge:</strong> the units you used (in kWh) multiplied by your band's rate.</li>
<li><strong>Fixed charge:</strong> a monthly amount you pay regardless of usage, if your distributor applies one.</li>
<li><strong>VAT:</strong> charged on the total.</li>
</ul>
<h2>Estimated bills</h2>
<p>If your bill says "estimated" or "E", nobody read your meter. Estimated bills are often too high. Take a dated photo of your meter reading each month so you have evidence.</p>
<h2>How to dispute a bill</h2>
<ol>
<li>Contact your distributor's customer service in writing and keep the reference number.</li>
<li>If there is no answer within 15 working days, escalate to the regulator's customer complaints forum.</li>
<li>Keep paying the amount you do not dispute, so you are not disconnected while the complaint is resolved.</li>
</ol>
<p>Prepaid meters avoid estimated bills entirely, and customers in most areas can apply for one free of charge, though waiting times vary.</p>`,
			HeroCaption: "Estimated bills are a frequent source of complaints.",
			HeroCredit:  "Illustration / Broadsheet",
			HeroAlt:     "City buildings with lit windows at nightfall",
			AgeHours:    270,
		},

		// ---- features/jobs ----
		{
			Headline:   "Hiring outlook: where entry-level jobs are growing this quarter",
			Standfirst: "Logistics, health care and customer support lead a survey of 800 employers. Demand for basic spreadsheet and writing skills is higher than for coding.",
			Section:    "features/jobs",
			Tags:       []string{"Jobs", "Careers", "Economy"},
			Authors:    []string{"daniel-okafor-reyes"},
			Credit:     "",
			BodyHTML: `<p>Employers expect to hire more entry-level staff in the coming three months than in the same period last year, according to a quarterly survey of 800 companies by the recruitment firm Talentbridge West Africa.</p>
<p>Thirty-four per cent of employers said they planned to increase entry-level hiring, while 11 per cent expected to reduce it, giving a net balance of 23 points, the highest in two years.</p>
<h2>Sectors with the most openings</h2>
<ol>
<li><strong>Logistics and delivery:</strong> warehouse staff, dispatch riders, stock controllers.</li>
<li><strong>Health care:</strong> pharmacy assistants, health records clerks, care workers.</li>
<li><strong>Customer support:</strong> call centre and chat agents, often with flexible shifts.</li>
<li><strong>Retail and hospitality:</strong> shop assistants and kitchen staff, mainly in Lagos and Abuja.</li>
</ol>
<h2>What employers want</h2>
<p>Asked which skills were hardest to find in young applicants, employers most often named clear written communication (61 per cent), basic spreadsheet skills (48 per cent) and punctuality (44 per cent). Coding was named by 9 per cent.</p>
<blockquote><p>"A candidate who can write a clear email and keep a tidy spreadsheet will get more offers than one with a long list of certificates."</p></blockquote>
<p>That was Talentbridge's research director, Nnenna Akubue-Quartey. Job seekers can find free short courses in both skills at public libraries and online.</p>`,
			HeroCaption: "A net 23 per cent of employers expect to increase entry-level hiring.",
			HeroCredit:  "Illustration / Broadsheet",
			HeroAlt:     "Sunrise over a business district with tall towers",
			AgeHours:    16,
		},

		// ---- features/scholarships ----
		{
			Headline:   "Scholarships closing soon: six programmes for postgraduate study",
			Standfirst: "Fully funded master's and doctoral places in engineering, public health, agriculture and the arts, with deadlines in the next eight weeks.",
			Section:    "features/scholarships",
			Tags:       []string{"Scholarships", "Education", "Careers"},
			Authors:    []string{"daniel-okafor-reyes"},
			Credit:     "",
			BodyHTML: `<p>Every month we round up scholarships open to applicants from Nigeria and across Africa. Always check eligibility and deadlines on the official page before applying, and never pay anyone to apply on your behalf.</p>
<h2>This month's selection</h2>
<ol>
<li><strong>Meridian Foundation Engineering Fellowships:</strong> 20 fully funded master's places in civil, electrical and water engineering at partner universities in Africa. Deadline in six weeks.</li>
<li><strong>Baobab Public Health Scholars:</strong> tuition and living costs for a one-year master's in public health. Applicants need two years' work experience.</li>
<li><strong>Greenbelt Agricultural Research Awards:</strong> three-year doctoral funding for research on soil, irrigation or crop storage.</li>
<li><strong>Atlantic Arts Residency:</strong> a funded master's in creative writing, film or visual arts, with a six-month residency.</li>
<li><strong>Women in Data Science Scholarship:</strong> 30 places for women on one-year data science master's programmes.</li>
<li><strong>Sahel Leaders Programme:</strong> a master's in public policy for applicants who commit to two years' public service afterwards.</li>
</ol>
<h2>Tips from past winners</h2>
<p>"Write your personal statement for the panel, not for yourself," said Aisha Mohammed-Okoro, a former Baobab scholar now working in disease surveillance. "They want to know what you will do with the degree, not just why you want it."</p>
<p>Full details and links are on our <a href="https://example.org/broadsheet/scholarships">scholarships page</a>, updated weekly.</p>`,
			HeroCaption: "Deadlines for all six programmes fall within the next eight weeks.",
			HeroCredit:  "Illustration / Broadsheet",
			HeroAlt:     "Sunlit hills under a clear sky with a few soft clouds",
			AgeHours:    66,
		},

		// ---- features/reviews ----
		{
			Headline:   `Review: "The Salt Road" is a patient, generous family saga`,
			Standfirst: "Nkemdirim Ọbi-Larsen's debut novel follows four generations of a trading family between Kano and the Mediterranean. It takes its time, and rewards yours.",
			Section:    "features/reviews",
			Tags:       []string{"Books", "Reviews"},
			Authors:    []string{"folasade-ogunleye"},
			Credit:     "",
			BodyHTML: `<p>At 540 pages, <em>The Salt Road</em> asks for commitment. It is worth giving.</p>
<p>The novel opens in Kano in the 1890s, as a young leather trader, Hauwa, joins a caravan north across the desert. It ends more than a century later with her great-great-grandson, a logistics manager in Marseille, opening a box of letters he cannot read.</p>
<p>Between those two moments, Nkemdirim Ọbi-Larsen builds a family history full of journeys, marriages, quarrels and reconciliations. Her great gift is patience: she lets scenes breathe, and trusts the reader to notice how small choices echo across generations.</p>
<blockquote><p>"The desert did not care who you were. It only cared whether you had brought enough water, and whether you had listened to the people who had crossed it before."</p></blockquote>
<h2>Where it falters</h2>
<p>The middle section, set in the 1960s, is the weakest. Its political subplot feels rushed compared with the rest of the book, and one important character disappears with little explanation.</p>
<h2>Verdict</h2>
<p>A generous, absorbing debut about trade, memory and belonging. <strong>Four stars out of five.</strong> Readers who enjoy long family sagas will find it hard to put down.</p>
<p><em>The Salt Road</em> is published by Harmattan Press, 540 pages, 12,500 naira.</p>`,
			HeroCaption: "The Salt Road follows a trading family across four generations.",
			HeroCredit:  "Illustration / Broadsheet",
			HeroAlt:     "Desert dunes under a warm sky at the end of the day",
			AgeHours:    118,
		},
		{
			Headline:   "Review: a week with the Orin X2 wireless earbuds",
			Standfirst: "Excellent battery life and clear calls for 45,000 naira. The noise cancelling is modest, and the app needs work.",
			Section:    "features/reviews",
			Tags:       []string{"Gadgets", "Reviews"},
			Authors:    []string{"ines-carvalho"},
			Credit:     "",
			BodyHTML: `<p>The Orin X2 earbuds from a Lagos-based audio brand cost 45,000 naira, well below the big international names. After a week of commuting, calls and gym sessions with them, they are easy to recommend, with a few reservations.</p>
<h2>What we liked</h2>
<ul>
<li><strong>Battery:</strong> about seven hours per charge, and the case holds three more full charges.</li>
<li><strong>Calls:</strong> voices came through clearly even on a busy roadside; callers said we sounded natural.</li>
<li><strong>Comfort:</strong> three sizes of ear tips, and they stayed put during a run.</li>
</ul>
<h2>What we did not</h2>
<ul>
<li>Noise cancelling takes the edge off a bus engine but does little against voices.</li>
<li>The companion app crashed twice and offers only a basic equaliser.</li>
<li>No wireless charging case.</li>
</ul>
<p>Sound is warm and bass-heavy out of the box, which suits Afrobeats and hip-hop; jazz and classical listeners may want to lower the bass in the app.</p>
<p><strong>Verdict:</strong> strong value for money, especially for people who make a lot of calls. <strong>Four stars out of five.</strong></p>`,
			HeroCaption: "The Orin X2 costs 45,000 naira.",
			HeroCredit:  "Inês Carvalho / Broadsheet",
			HeroAlt:     "Evening city skyline with warm lights in the windows",
			AgeHours:    210,
		},

		// ---- features/opinion ----
		{
			Headline:   "Our cities need shade more than they need another flyover",
			Standfirst: "Heat is becoming a daily health risk for people who walk, wait and work outdoors. Trees and covered walkways are cheap, proven and overdue.",
			Section:    "features/opinion",
			Tags:       []string{"Opinion", "Cities", "Climate"},
			Authors:    []string{"halima-sadiq"},
			Credit:     "",
			BodyHTML: `<p>Stand at a bus stop in most of our cities at 2pm and you will understand this argument without reading any further. There is no shelter, no tree, and the concrete radiates heat back at you from below.</p>
<p>Millions of people walk to work, wait for buses or sell goods by the roadside every day. For them, heat is not an abstraction. Doctors already see more cases of heat exhaustion and dehydration during hot spells, especially among older people and outdoor workers.</p>
<h2>Shade is infrastructure</h2>
<p>We talk about roads and bridges as infrastructure. Shade should be on the same list. A row of well-chosen trees can lower the temperature felt on a pavement by several degrees. A simple roof over a bus stop turns a punishing wait into a bearable one.</p>
<p>These are not expensive projects. The cost of a single interchange would pay for tens of thousands of street trees, with watering for years, and thousands of covered bus stops.</p>
<blockquote><p>Every city budget should answer a simple question: how many more people will be standing in the shade next year?</p></blockquote>
<p>Some councils are starting. A few have planted trees along new roads and required shade in new markets. But these efforts are scattered and easily dropped when budgets tighten.</p>
<p>Cities should set targets for tree cover on every major walking route, publish them, and report every year on progress. Shade is not a luxury. In a warming climate, it is a public service.</p>
<p><em>Halima Sadiq is The Broadsheet Daily's health and environment reporter. The views expressed are her own.</em></p>`,
			HeroCaption: "Heat is becoming a daily risk for people who walk and work outdoors.",
			HeroCredit:  "Illustration / Broadsheet",
			HeroAlt:     "A hot sun hanging over a hazy city skyline",
			AgeHours:    29,
		},
		{
			Headline:   "Let children be bored this school holiday",
			Standfirst: "Parents feel pressure to fill every day with lessons and activities. A little unstructured time may do children more good.",
			Section:    "features/opinion",
			Tags:       []string{"Opinion", "Family", "Education"},
			Authors:    []string{"daniel-okafor-reyes"},
			Credit:     "",
			BodyHTML: `<p>The long school holiday has begun, and with it a familiar parental anxiety. Summer lessons, coding camps, swimming, extra maths: the timetable fills up until the holiday looks suspiciously like term.</p>
<p>I understand the impulse. Schooling is competitive, and nobody wants their child to fall behind. But I want to make a case for something unfashionable: boredom.</p>
<p>When children have nothing planned, they invent. They build cities out of cardboard boxes, write terrible plays and make their siblings perform them, take apart a broken radio and try to put it back together. Those hours are not wasted. They are how children learn to entertain themselves, to try things and to fail without anyone grading them.</p>
<h2>A modest proposal</h2>
<ul>
<li>Keep at least two afternoons a week completely free.</li>
<li>Put screens away during that time, and resist the urge to suggest activities.</li>
<li>Leave out paper, old boxes, tape and books, and see what happens.</li>
</ul>
<p>There will be complaints at first. There always are. Then, usually within an hour, something interesting starts.</p>
<p>Our children will spend most of their lives being scheduled. For a few weeks a year, let them find out what they do when nobody is telling them what to do.</p>
<p><em>Daniel Okafor-Reyes is features editor of The Broadsheet Daily and a parent of two. The views expressed are his own.</em></p>`,
			HeroCaption: "Unstructured time helps children learn to entertain themselves.",
			HeroCredit:  "Illustration / Broadsheet",
			HeroAlt:     "Green hills and trees under a wide blue summer sky",
			AgeHours:    600,
		},
	}
}
