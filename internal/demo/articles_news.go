package demo

func newsArticles() []Article {
	return []Article{
		// ---- news/headlines ----
		{
			Headline:   "Night trains to run between Lagos and Ibadan from next month",
			Standfirst: "Two late departures in each direction will ease weekend crowding on the busy line, and fares will stay at daytime levels until the end of the year.",
			Section:    "news/headlines",
			Tags:       []string{"Transport", "Lagos"},
			Authors:    []string{"kelechi-nwosu"},
			Credit:     "Broadsheet Staff",
			BodyHTML: `<p>Overnight passenger trains will run between <strong>Lagos and Ibadan</strong> from next month, the operator of the line said on Tuesday, adding two late departures in each direction to a timetable that has struggled to keep up with weekend demand.</p>
<p>Western Corridor Rail said the new services would leave Lagos at 21:40 and 23:15 and reach Ibadan about two and a half hours later. Return trains will depart at 22:00 and 23:30.</p>
<blockquote><p>"Friday and Sunday evenings are where we turn people away. These trains are for the nurse finishing a late shift and the student heading home for the weekend."</p></blockquote>
<p>That was Omolara Fagbemi, the company's head of operations, who said Friday ticket sales had exceeded the number of seats on 31 of the past 40 weeks.</p>
<h2>Fares unchanged for now</h2>
<p>Fares on the night trains will match daytime prices until the end of the year: 3,500 naira in standard class and 6,000 naira in business. The operator said it would review prices after six months of passenger data.</p>
<p>Commuter groups welcomed the change but asked for better lighting and more staff at stations after dark. Fagbemi said extra staff would be posted at the busiest stops "from the first night", and that platform lighting at three stations was being replaced this month.</p>
<p>Full timetables are published on the <a href="https://example.org/western-corridor-rail/timetables">operator's website</a>.</p>`,
			HeroCaption: "The Lagos to Ibadan line has run at capacity on most Friday evenings this year.",
			HeroCredit:  "Tolu Adesanya / Broadsheet",
			HeroAlt:     "Evening light over the rooftops of Lagos as the sun goes down",
			AgeHours:    2,
		},
		{
			Headline:   "Flood warning issued for riverside communities along the Benue",
			Standfirst: "Forecasters expect the river to rise by up to 1.5 metres over the next ten days after heavy rain upstream, and several states have opened relief camps as a precaution.",
			Section:    "news/headlines",
			Tags:       []string{"Climate", "Weather", "Agriculture"},
			Authors:    []string{"halima-sadiq"},
			Credit:     "NAN",
			BodyHTML: `<p>Communities along the Benue river have been told to prepare for flooding over the next ten days, after a week of heavy rain upstream pushed water levels at gauging stations to their highest point this season.</p>
<p>The federal hydrological agency said in a bulletin on Wednesday that the river could rise by between one and 1.5 metres at Makurdi, with low-lying farmland in at least 14 local government areas at risk.</p>
<h2>What residents are being asked to do</h2>
<ul>
<li>Move grain, seed and livestock to higher ground now, rather than waiting for water to reach homes.</li>
<li>Keep phones charged and listen for local radio updates twice a day.</li>
<li>Avoid crossing flooded roads on foot or by motorcycle.</li>
</ul>
<p>State emergency agencies said relief camps had been opened in schools in three states and were stocked with mats, water purification tablets and cooking fuel.</p>
<blockquote><p>"We would rather open a camp that nobody needs than be late again. Farmers lost a full harvest in some of these villages two years ago."</p></blockquote>
<p>The comment came from Terkaa Iorliam, coordinator of the Middle Belt Farmers' Network, a voluntary group that has trained 600 village volunteers to read river gauges and send readings by text message.</p>
<p>Forecasters said rainfall should ease by the end of next week, but warned that water released from reservoirs upstream could keep levels high for longer.</p>`,
			HeroCaption: "Farmland near the Benue is at risk as water levels climb after a week of rain upstream.",
			HeroCredit:  "Ngozi Ameh / NAN",
			HeroAlt:     "Low hills and a wide sky over open country near the river",
			AgeHours:    5,
		},
		{
			Headline:   "Inflation slows for a fourth month as food prices steady",
			Standfirst: "Annual inflation eased to 21.4 per cent in the latest figures, helped by a strong harvest and a calmer currency, though rents and transport fares are still rising quickly.",
			Section:    "news/headlines",
			Tags:       []string{"Economy", "Food Prices", "Markets"},
			Authors:    []string{"kofi-mensah-darko"},
			Credit:     "Reuters",
			BodyHTML: `<p>Consumer price inflation slowed for a fourth consecutive month, official figures showed on Monday, as the cost of staples such as rice, beans and garri levelled off after a good harvest.</p>
<p>The statistics office said annual inflation fell to <strong>21.4 per cent</strong> from 22.6 per cent the month before. Food inflation, which makes up about half of the index, dropped to 24.1 per cent.</p>
<p>Economists said the figures were encouraging but cautioned against reading too much into a single season.</p>
<blockquote><p>"Households will feel this first at the market, not in their rent. The harvest has done a lot of the work, and the question is whether it lasts into the lean months."</p></blockquote>
<p>That assessment came from Funmilayo Ajose, chief economist at the Lagos-based research firm Meridian Analytics, who expects inflation to settle near 20 per cent by the end of the year.</p>
<h2>Where prices are still climbing</h2>
<p>Housing costs rose 2.1 per cent in the month, the fastest pace since records began in their current form, and transport fares were up 1.8 per cent. Clothing and footwear prices were broadly flat.</p>
<p>The central bank's monetary policy committee meets in three weeks. Most analysts surveyed by The Broadsheet Daily expect it to keep its benchmark rate unchanged.</p>`,
			HeroCaption: "Food prices have steadied after a strong harvest, the statistics office said.",
			HeroCredit:  "Chidi Okereke / Reuters",
			HeroAlt:     "Warm morning sun over fields at the edge of a market town",
			AgeHours:    9,
			Correction:  "An earlier version of this article gave the previous month's inflation rate as 22.9 per cent. The correct figure is 22.6 per cent.",
		},

		// ---- news/africa ----
		{
			Headline:   "Ghana's cocoa farmers plant shade trees to protect yields in hotter seasons",
			Standfirst: "A programme in the Western region has helped 3,200 smallholders plant fruit and timber trees among their cocoa, and early results suggest the crop copes better with heat.",
			Section:    "news/africa",
			Tags:       []string{"Climate", "Agriculture", "Trade"},
			Authors:    []string{"chiamaka-ezenwa"},
			Credit:     "Reuters",
			BodyHTML: `<p>On Akosua Mensimah's farm outside Sefwi Wiawso, young avocado and mahogany trees now stand between the rows of cocoa. Three years ago the plot was in full sun.</p>
<p>She is one of about 3,200 farmers in Ghana's Western region who joined a shade-tree programme run by the Cocoa Futures Alliance, a group of cooperatives and buyers. Farmers receive seedlings free of charge and a small payment for each tree still alive after two years.</p>
<blockquote><p>"In the dry months the leaves used to burn at the edges. Now the soil stays damp under the trees, and I have avocados to sell when there is no cocoa."</p></blockquote>
<p>Agronomists involved in the scheme say plots with 16 to 18 shade trees per hectare lost about a fifth less of their crop during last year's heatwave than fully exposed plots nearby, although they stress that the comparison covers only two seasons.</p>
<h2>A slow return</h2>
<p>Shade-grown cocoa was once the norm in the region. Many farmers cleared trees in the 1990s and 2000s to plant higher-yielding sun-tolerant varieties. Reversing that takes time: the new trees will not give meaningful shade for another two to three years.</p>
<p>Kwabena Ofori-Atta Boakye, the alliance's field manager, said the main obstacle was not persuading farmers but supplying enough seedlings. Its nurseries produced 140,000 this year and aim for 250,000 next year.</p>`,
			HeroCaption: "Farmers in Ghana's Western region are planting fruit and timber trees among their cocoa.",
			HeroCredit:  "Esi Quaye / Reuters",
			HeroAlt:     "Green rolling hills with scattered trees under a bright sky",
			AgeHours:    14,
		},
		{
			Headline:   "Senegal's fishing cooperatives build cold stores to keep more of the catch at home",
			Standfirst: "Twelve new solar-powered cold rooms along the coast let small boats store fish for days instead of hours, giving crews more say over when and to whom they sell.",
			Section:    "news/africa",
			Tags:       []string{"Fisheries", "Trade", "Energy"},
			Authors:    []string{"chiamaka-ezenwa"},
			Credit:     "AFP",
			BodyHTML: `<p>At dawn in Joal-Fadiouth, painted wooden pirogues return to the beach loaded with sardinella and bream. Until this year, most of the catch had to be sold within hours, often to whichever trader was waiting with ice.</p>
<p>A network of 12 solar-powered cold rooms, built by fishing cooperatives with a development loan, now lets crews store up to 40 tonnes of fish at each site for as long as five days.</p>
<p>Cooperative leaders say the change has shifted the balance at the water's edge. "Before, the buyer set the price because he knew the fish would spoil," said Mame Diarra Sène, who chairs the cooperative in Joal. "Now we can wait for a better offer, or sell to the women who smoke fish for the inland markets."</p>
<h2>How the scheme works</h2>
<ul>
<li>Each cold room is owned by a cooperative, not an individual trader.</li>
<li>Members pay a fee per crate stored, which covers maintenance and repays the loan over eight years.</li>
<li>Solar panels and batteries keep the rooms running through the frequent grid cuts along the coast.</li>
</ul>
<p>Fisheries researchers caution that storage alone does not address declining stocks of some species. The cooperatives say they have agreed to observe a two-month pause on catching juvenile fish during the breeding season.</p>`,
			HeroCaption: "Fishing crews can now store their catch for up to five days before selling.",
			HeroCredit:  "Moussa Ndiaye / AFP",
			HeroAlt:     "Calm sea at sunset with the sun reflected on the water and a low shoreline",
			AgeHours:    38,
		},
		{
			Headline:   "Zambia's copper towns bet on a second life as battery suppliers",
			Standfirst: "Plans for a cathode plant near Kitwe could create 1,800 jobs, but residents of the Copperbelt have heard promises of new industry before.",
			Section:    "news/africa",
			Tags:       []string{"Mining", "Energy", "Jobs"},
			Authors:    []string{"chiamaka-ezenwa", "kofi-mensah-darko"},
			Credit:     "Reuters",
			BodyHTML: `<p>For most of a century the towns of Zambia's Copperbelt have dug ore out of the ground and sent it abroad to be turned into something else. A new plant planned near Kitwe aims to keep more of that work at home.</p>
<p>The company behind the project, Luanshya Advanced Materials, says it will process copper and cobalt into cathode materials for electric-vehicle batteries, starting with an annual capacity of 20,000 tonnes. Construction is due to begin next year, subject to financing.</p>
<blockquote><p>"We have the ore, we have the skills, and we have the power from the dams. What we have never had is the factory at the end of the line."</p></blockquote>
<p>Those were the words of the company's chief executive, Mwila Chanda-Phiri, speaking at a launch event attended by mine workers, students and local officials.</p>
<h2>Cautious optimism</h2>
<p>Residents welcomed the prospect of jobs but many remembered earlier projects that stalled. "People here are good at listening politely," said Bupe Kalaba, who runs a welding school in Kitwe. "They will believe it when they see the foundations."</p>
<p>Analysts say the plant's success will depend on long-term supply contracts with battery makers in Asia and Europe, and on reliable electricity during dry years when hydropower output falls.</p>`,
			HeroCaption: "The Copperbelt has mined copper for nearly a century.",
			HeroCredit:  "Chola Mumba / Reuters",
			HeroAlt:     "Dusty hills under a hazy orange sky at the end of the day",
			AgeHours:    71,
		},

		// ---- news/nigeria ----
		{
			Headline:   "Kano textile mill reopens after eight years, hiring 1,200 workers",
			Standfirst: "The new owners have replaced most of the old machinery and say they will buy cotton directly from farmers' groups in the north.",
			Section:    "news/nigeria",
			Tags:       []string{"Manufacturing", "Jobs", "Economy"},
			Authors:    []string{"kofi-mensah-darko"},
			Credit:     "Broadsheet Staff",
			BodyHTML: `<p>The looms are running again at the Challawa Weaving Company in Kano, eight years after the mill closed with debts it could not pay.</p>
<p>The factory's new owners, a consortium of northern investors led by the Sahel Fabrics Group, said on Thursday they had hired 1,200 workers, about a third of whom worked at the mill before it shut. They plan to reach 2,000 employees within two years.</p>
<p>Most of the old equipment has been replaced with modern air-jet looms, which the company says use 40 per cent less electricity. A 6-megawatt gas generator and a rooftop solar array will supply most of the plant's power.</p>
<blockquote><p>"I stood at this gate the day it closed, and I stood here this morning. It feels like getting a piece of the city back."</p></blockquote>
<p>So said Hadiza Musa Garba, a machine supervisor who spent the past eight years running a tailoring shop.</p>
<h2>Cotton from local farms</h2>
<p>The company says it will buy lint through contracts with farmers' cooperatives in Kano, Katsina and Zamfara, and pay a premium for cotton that meets cleanliness standards. Its managing director, Ibrahim Lawan Dikko, said imported yarn would be used only to fill gaps.</p>
<p>Industry groups said the reopening was a good sign for a sector that has shrunk sharply since the 1990s, but warned that cheap imported fabric remained a serious challenge.</p>`,
			HeroCaption: "The mill has replaced most of its machinery with modern air-jet looms.",
			HeroCredit:  "Aminu Dankano / Broadsheet",
			HeroAlt:     "Sunrise over the low skyline of an industrial district",
			AgeHours:    20,
		},
		{
			Headline:   "Enugu begins issuing digital land titles to speed up property sales",
			Standfirst: "Owners can now check a title's status online in minutes, and the state says the average time to register a sale should fall from months to about three weeks.",
			Section:    "news/nigeria",
			Tags:       []string{"Housing", "Technology"},
			Authors:    []string{"kelechi-nwosu"},
			Credit:     "NAN",
			BodyHTML: `<p>Enugu State has begun issuing digital certificates of occupancy, in a move officials say will cut the time it takes to buy and register land and reduce disputes over ownership.</p>
<p>The state's land registry said it had scanned and verified 68,000 existing titles, about 60 per cent of the total, and would complete the rest within a year. New titles are now issued only in digital form, each with a unique code that buyers, banks and lawyers can check online.</p>
<h2>What changes for owners</h2>
<ol>
<li>Existing paper titles remain valid; owners can request a digital copy at any registry office.</li>
<li>Anyone can check whether a title is genuine and whether it is mortgaged, using the code.</li>
<li>Sales must be registered online, with payments made by bank transfer rather than cash.</li>
</ol>
<p>Chukwuemeka Obi-Nnaji, a property lawyer in Enugu, said the change could make mortgages easier to obtain. "Banks hesitate because verifying a title can take months. If that becomes a few minutes, lending becomes less risky," he said.</p>
<p>The registry has opened help desks at its offices and says staff will visit rural communities to register customary land holdings, which make up a large share of land in the state.</p>`,
			HeroCaption: "The registry says it has verified about 60 per cent of existing titles so far.",
			HeroCredit:  "Ifeanyi Ugwu / NAN",
			HeroAlt:     "Green hills on the edge of a growing city on a clear day",
			AgeHours:    56,
		},
		{
			Headline:   "Cassava farmers in Benue join forces to bargain over prices",
			Standfirst: "A new federation of 40 village cooperatives sold its first 5,000 tonnes directly to processors, earning members about 18 per cent more than through middlemen.",
			Section:    "news/nigeria",
			Tags:       []string{"Agriculture", "Economy"},
			Authors:    []string{"halima-sadiq"},
			Credit:     "",
			BodyHTML: `<p>Cassava farmers in Benue State have formed a federation of 40 village cooperatives to sell their crop directly to starch and flour processors, cutting out the traders who have long set prices at the farm gate.</p>
<p>The Benue Cassava Growers' Federation said its first season of joint sales, covering 5,000 tonnes of fresh roots, earned members about <strong>18 per cent more</strong> per tonne than they had received the previous year.</p>
<p>Cassava is bulky and perishable: roots must be processed within two or three days of harvest. That has left farmers with little room to negotiate. The federation schedules harvests across its members so processors receive steady deliveries, and in return agrees a price in advance.</p>
<blockquote><p>"The processor wants the same quantity every week. A single farmer cannot promise that. Forty villages can."</p></blockquote>
<p>The federation's secretary, Mnena Agber, said the next step was shared transport: it is negotiating to lease six trucks so members no longer depend on hired vehicles at harvest time.</p>
<p>Processors welcomed the arrangement. A manager at one starch plant near Makurdi said reliable supply had allowed it to add a night shift.</p>`,
			HeroCaption: "Cassava must be processed within days of harvest, leaving farmers little room to negotiate.",
			HeroCredit:  "Doose Akaa / Broadsheet",
			HeroAlt:     "Farmland stretching towards distant hills in soft afternoon light",
			AgeHours:    130,
		},

		// ---- news/national ----
		{
			Headline:   "Teachers' union and state governments agree timetable for arrears",
			Standfirst: "Outstanding salaries and allowances will be paid in six monthly instalments, ending a dispute that had threatened to delay the start of the school term.",
			Section:    "news/national",
			Tags:       []string{"Education", "Labour"},
			Authors:    []string{"kelechi-nwosu"},
			Credit:     "NAN",
			BodyHTML: `<p>Schools will open on time next month after teachers' representatives and state governments agreed a schedule for paying salary arrears that have built up over the past two years.</p>
<p>Under the agreement, reached after three days of talks in Abuja, the states will pay outstanding salaries and allowances in six monthly instalments beginning in September. The union had earlier warned that members in several states would stay at home until payments began.</p>
<p>A joint committee will publish a progress report after each instalment, listing which states have paid in full.</p>
<blockquote><p>"Our members have been patient for a long time. A signed timetable, checked in public every month, is something we can take back to them."</p></blockquote>
<p>The quote is from the union's national secretary, who spoke to reporters after the talks. A representative of the states' forum said the payments had been included in revised budgets and would not depend on new borrowing.</p>
<p>Parents' associations welcomed the deal. The agreement also commits both sides to talks on teacher recruitment in rural schools, where some classes have more than 80 pupils.</p>`,
			HeroCaption: "Schools are due to reopen on schedule after the agreement.",
			HeroCredit:  "Bala Ahmed / NAN",
			HeroAlt:     "Morning sky over the rooftops of a quiet town before the school day",
			AgeHours:    27,
		},
		{
			Headline:   "Smoke alarms to become mandatory in all rented homes",
			Standfirst: "Landlords will have a year to fit at least one working alarm on every floor, under new fire safety rules that also cover student hostels.",
			Section:    "news/national",
			Tags:       []string{"Housing", "Safety"},
			Authors:    []string{"kelechi-nwosu"},
			Credit:     "Broadsheet Staff",
			BodyHTML: `<p>Every rented home will need a working smoke alarm on each floor under new fire safety regulations published on Friday.</p>
<p>The rules apply to flats, houses, shared houses and student hostels. Landlords will have 12 months to comply, after which tenants can report missing alarms to their local fire service, which can issue fines of up to 250,000 naira.</p>
<h2>What the rules require</h2>
<ul>
<li>At least one smoke alarm on every floor used as living space.</li>
<li>A carbon monoxide alarm in any room with a gas cooker or generator connection.</li>
<li>Alarms tested by the landlord at the start of every new tenancy.</li>
</ul>
<p>Fire officers say most fatal house fires happen at night, when occupants are asleep. A basic battery-powered alarm costs between 6,000 and 10,000 naira.</p>
<p>Nkechi Udo-Williams, who founded the tenants' advice service Fair Rent Lagos, said enforcement would be the real test. "Plenty of good rules exist on paper," she said. "Tenants need to know they can report a missing alarm without being threatened with eviction."</p>
<p>The fire service said it would distribute 50,000 free alarms to low-income households in the first year.</p>`,
			HeroCaption: "The new regulations cover flats, shared houses and student hostels.",
			HeroCredit:  "Kemi Balogun / Broadsheet",
			HeroAlt:     "Apartment blocks with lit windows against a dusky sky",
			AgeHours:    96,
		},
		{
			Headline:   "Exam results show gains in mathematics for a second year",
			Standfirst: "The share of candidates earning a credit in maths rose to 61 per cent, with the biggest gains in schools that joined a tutoring pilot.",
			Section:    "news/national",
			Tags:       []string{"Education", "Youth"},
			Authors:    []string{"kelechi-nwosu", "halima-sadiq"},
			Credit:     "NAN",
			BodyHTML: `<p>More secondary school students passed mathematics this year than at any time in the past decade, according to results released by the national examinations board on Tuesday.</p>
<p>Of about 1.6 million candidates, <strong>61 per cent</strong> earned a credit or better in mathematics, up from 57 per cent last year and 52 per cent two years ago. Results in English language were broadly unchanged at 64 per cent.</p>
<p>The board said the gains were widest in about 900 public schools that joined a pilot programme of small-group tutoring for students in their final two years. In those schools, the pass rate rose by 11 percentage points.</p>
<blockquote><p>"The method is not complicated: groups of six, three times a week, with a tutor who checks every answer. What it needs is consistency."</p></blockquote>
<p>Aisha Bello-Cole, an education researcher at the Centre for Learning Outcomes who evaluated the pilot, gave that explanation, adding that the results should be confirmed over a longer period.</p>
<p>The board said 4.2 per cent of results were withheld pending investigation of possible malpractice, down from 5.1 per cent.</p>`,
			HeroCaption: "The biggest gains came in schools that took part in a small-group tutoring pilot.",
			HeroCredit:  "Uche Nnadi / NAN",
			HeroAlt:     "Bright morning sky over green hills and a quiet road",
			AgeHours:    190,
			Correction:  "This article has been updated to clarify that the 11-point rise refers to schools in the tutoring pilot only.",
		},

		// ---- news/world ----
		{
			Headline:   "Rhine barges sail half-empty as river levels drop in late summer",
			Standfirst: "Low water at a key gauge near Kaub forces shippers to cut loads, raising freight costs for fuel, grain and chemicals moving through Germany.",
			Section:    "news/world",
			Tags:       []string{"Climate", "Trade", "Shipping", "Weather"},
			Authors:    []string{"zoe-marchetti"},
			Credit:     "AFP",
			BodyHTML: `<p>Cargo barges on the Rhine are carrying as little as 40 per cent of their usual loads after weeks of dry weather lowered water levels on Europe's busiest inland waterway.</p>
<p>The water level at Kaub, a narrow stretch between Koblenz and Mainz that shippers watch closely, fell below 80 centimetres this week. Below that mark, most large barges must lighten their cargo to avoid running aground.</p>
<p>Freight rates for a barge from Rotterdam to Basel have roughly tripled in a month, according to a freight broker in Duisburg, and some companies have moved goods onto trains and lorries.</p>
<h2>A recurring problem</h2>
<p>Low water on the Rhine has become more frequent in late summer. Hydrologists say warmer winters mean less snow in the Alps to feed the river through the dry months.</p>
<blockquote><p>"Ten years ago a summer like this was unusual. Now our customers ask us in spring what our plan is for August."</p></blockquote>
<p>That was Henrike Vollmer, operations director at the barge operator Rheinkontor, which has ordered four shallow-draught vessels designed to sail in lower water.</p>
<p>Forecasters expect rain in the Alps next week, which could lift levels gradually by the end of the month.</p>`,
			HeroCaption: "Barges on the Rhine are carrying reduced loads because of low water.",
			HeroCredit:  "Jonas Weber / AFP",
			HeroAlt:     "A calm river at dusk with hills on the far bank reflected in the water",
			AgeHours:    11,
		},
		{
			Headline:   "São Paulo opens its largest all-electric bus depot",
			Standfirst: "The depot in the city's east zone can charge 240 buses overnight, part of a plan to replace half of the municipal diesel fleet by the end of the decade.",
			Section:    "news/world",
			Tags:       []string{"Transport", "Climate", "Cities"},
			Authors:    []string{"zoe-marchetti"},
			Credit:     "Reuters",
			BodyHTML: `<p>São Paulo has opened a bus depot able to charge 240 electric buses overnight, the largest of its kind in the city and a central part of its plan to cut diesel use in public transport.</p>
<p>The depot, in the east zone, serves 18 routes that carry about 300,000 passengers a day. Buses charge between midnight and 5am, when electricity demand is lowest, and can run a full day's service on one charge.</p>
<p>City transport officials said electric buses now make up about 14 per cent of the municipal fleet of roughly 13,000 vehicles. The target is half by the end of the decade.</p>
<h2>Quieter streets</h2>
<p>Drivers and residents say the change is noticeable. "On my old route I used to go home with a headache from the engine noise," said Rosângela Tavares, who has driven buses in the city for 17 years. "Now I can hear passengers ask for their stop."</p>
<p>Transport researchers said the main remaining hurdle was the cost of upgrading older garages with enough grid capacity. The depot opened this week required a new substation, built with the regional electricity distributor.</p>
<p>More details are available in the <a href="https://example.org/sao-paulo-transport/electric-fleet">city's fleet plan</a>.</p>`,
			HeroCaption: "The new depot can charge 240 buses overnight.",
			HeroCredit:  "Thiago Moreira / Reuters",
			HeroAlt:     "City skyline at dusk with towers against a pink and violet sky",
			AgeHours:    33,
		},
		{
			Headline:   "Japanese town tries four-day school week to keep its teachers",
			Standfirst: "A small mountain town says shorter weeks for staff, with community clubs on Fridays, have helped it fill every vacancy for the first time in years.",
			Section:    "news/world",
			Tags:       []string{"Education", "Jobs"},
			Authors:    []string{"zoe-marchetti"},
			Credit:     "AP",
			BodyHTML: `<p>In a mountain town in central Japan, children still go to school on Fridays, but their teachers usually do not.</p>
<p>Two years ago the town's education board, struggling to recruit staff, moved lessons into four longer days and handed Fridays to sports clubs, music groups and volunteers from the community, supervised by a small rota of teachers.</p>
<p>Local officials say every teaching post is now filled, compared with four vacancies out of 46 before the change. Applications for posts in the town have tripled.</p>
<blockquote><p>"We could not compete with the cities on salary. We could compete on time."</p></blockquote>
<p>That was how the head of the town's education board, Keiko Arimura, explained the decision at a conference of rural school leaders last month.</p>
<h2>Mixed views from parents</h2>
<p>A survey of families found about two thirds supported the schedule. Some working parents said Friday clubs did not always match their hours, and the board has extended them until 5pm.</p>
<p>Education experts said the results so far were promising but that test scores, which have held steady, should be watched over several years before other districts copy the model.</p>`,
			HeroCaption: "The town's schools run lessons over four longer days.",
			HeroCredit:  "Haruto Sakai / AP",
			HeroAlt:     "Layered blue mountains under a soft morning sky",
			AgeHours:    78,
		},
		{
			Headline:   "Icelandic fishing fleet trials wind-assisted sails to cut fuel bills",
			Standfirst: "Two trawlers fitted with rigid rotor sails used about 12 per cent less fuel over a winter season, according to early results.",
			Section:    "news/world",
			Tags:       []string{"Energy", "Climate", "Shipping"},
			Authors:    []string{"zoe-marchetti", "kofi-mensah-darko"},
			Credit:     "Reuters",
			BodyHTML: `<p>Two Icelandic trawlers fitted with tall spinning cylinders on their decks burned about 12 per cent less fuel over the winter than sister ships without them, according to results published by the fishing company operating both vessels.</p>
<p>The cylinders, known as rotor sails, use the wind to generate forward thrust in the same way a spinning ball curves through the air. The technology has been used on cargo ships but is rarer on fishing vessels, which change course frequently.</p>
<p>"We expected less," said Sigrún Eiríksdóttir, the company's fleet engineer. "The North Atlantic in winter has a lot of wind, and it turns out we can use more of it than we thought, even when trawling."</p>
<h2>Costs and payback</h2>
<ul>
<li>Each installation cost about 1.1 million US dollars.</li>
<li>At current fuel prices, the company expects payback in five to six years.</li>
<li>Crews needed a week of training to work safely around the sails.</li>
</ul>
<p>Fishing accounts for a significant share of Iceland's fuel use, and the industry has set a target of cutting emissions in half by 2030 compared with 2005. Naval architects said rotor sails would help but could not meet that goal alone.</p>`,
			HeroCaption: "The rotor sails were tested over a full winter season in the North Atlantic.",
			HeroCredit:  "Einar Gunnarsson / Reuters",
			HeroAlt:     "Cold sea under a pale sky with low islands on the horizon",
			AgeHours:    150,
		},

		// ---- news/politics ----
		{
			Headline:   "Senate committee approves bill to cap campaign spending",
			Standfirst: "The bill would set spending limits for every elected office and require parties to publish donations above 5 million naira within 30 days.",
			Section:    "news/politics",
			Tags:       []string{"Elections", "Parliament"},
			Authors:    []string{"adebayo-olabisi"},
			Credit:     "Broadsheet Staff",
			BodyHTML: `<p>A Senate committee has approved a bill that would cap how much candidates can spend on election campaigns and require parties to disclose large donations within 30 days, sending it to the full chamber for a vote.</p>
<p>The committee on electoral matters voted 9 to 3 in favour on Wednesday after two days of public hearings, at which civil society groups, party officials and the electoral commission gave evidence.</p>
<h2>Key provisions</h2>
<ul>
<li>Spending limits for each office, from local councils to the presidency, adjusted for inflation before every general election.</li>
<li>Publication of any donation above <strong>5 million naira</strong> within 30 days of receipt.</li>
<li>A ban on cash donations above 1 million naira.</li>
<li>Penalties including fines and, for repeated breaches, disqualification.</li>
</ul>
<p>Supporters say the bill would make elections fairer for candidates without wealthy backers. Opponents on the committee argued that the limits were too low for large constituencies and would be hard to enforce.</p>
<blockquote><p>"A limit that nobody checks is just a suggestion. The disclosure rules are what give this bill its teeth."</p></blockquote>
<p>So said Ebere Nwankwo-Harris, director of the Open Ballot Initiative, a non-partisan election monitoring group. She urged senators to fund the electoral commission's audit unit adequately.</p>
<p>The bill must pass both chambers and receive presidential assent before it becomes law. A vote in the full Senate is expected next month.</p>`,
			HeroCaption: "The bill now goes to the full Senate for a vote.",
			HeroCredit:  "Femi Ladipo / Broadsheet",
			HeroAlt:     "Government district skyline in Abuja in the late afternoon",
			AgeHours:    4,
		},
		{
			Headline:   "Electoral commission plans early voting for essential workers",
			Standfirst: "Nurses, police officers, journalists and poll staff on duty on election day would be able to vote up to a week early at designated centres.",
			Section:    "news/politics",
			Tags:       []string{"Elections", "Labour"},
			Authors:    []string{"adebayo-olabisi"},
			Credit:     "NAN",
			BodyHTML: `<p>The electoral commission has proposed letting essential workers who are on duty on election day cast their ballots up to a week early, a change it says could add hundreds of thousands of votes.</p>
<p>Under the plan, published for consultation on Monday, workers would register in advance through their employers and vote at one designated centre in each local government area. Ballots would be sealed and counted alongside others on election night.</p>
<p>The commission estimates that between 600,000 and 800,000 people, including health workers, security personnel, election staff and journalists, are currently unable to vote because they are working away from their polling unit.</p>
<h2>Concerns about security</h2>
<p>Some parties have asked how early ballots would be stored safely for a week. The commission says boxes would be held in the custody of the central bank's regional offices, watched by party agents, and the storage would be filmed continuously.</p>
<blockquote><p>"Every election, our members spend the day protecting the vote and go home without casting one. This is overdue."</p></blockquote>
<p>That was a spokesperson for a national association of nurses. The consultation closes in six weeks. Written submissions can be made through the <a href="https://example.org/electoral-commission/consultations">commission's website</a>.</p>`,
			HeroCaption: "The commission says early voting could allow hundreds of thousands more people to vote.",
			HeroCredit:  "Halilu Yakubu / NAN",
			HeroAlt:     "Clear blue sky over open countryside with a few small clouds",
			AgeHours:    44,
		},
		{
			Headline:   "State assemblies split over proposal for local police units",
			Standfirst: "Twenty states have voted in favour of a constitutional amendment allowing state-run police, short of the 24 needed for it to pass.",
			Section:    "news/politics",
			Tags:       []string{"Parliament", "Security", "Constitution"},
			Authors:    []string{"adebayo-olabisi", "kelechi-nwosu"},
			Credit:     "Broadsheet Staff",
			BodyHTML: `<p>A proposed constitutional amendment that would allow states to set up their own police forces is four votes short of approval, after 20 of the 36 state assemblies voted in favour.</p>
<p>Amendments to the constitution require the support of two thirds of state assemblies, or 24, after passing both chambers of the National Assembly. Eleven assemblies have voted against, and five have yet to vote.</p>
<p>Supporters argue that officers recruited locally would know their communities better and could respond faster to emergencies in remote areas. Critics fear that state forces could be misused by politicians, and question whether poorer states could afford them.</p>
<h2>Where the remaining votes stand</h2>
<p>Of the five assemblies yet to vote, three have scheduled debates for next month. Two have said they will wait for the outcome of public hearings.</p>
<blockquote><p>"The question is not whether policing should be closer to people. It is whether the safeguards in this text are strong enough. In my view, they are not there yet."</p></blockquote>
<p>Those were the words of Professor Olayinka Adeyemo-Grant, who teaches constitutional law at a university in Ibadan and gave evidence to one of the hearings. She suggested an independent police service commission in each state.</p>
<p>If the amendment fails, it cannot be reintroduced in the same legislative term.</p>`,
			HeroCaption: "Five state assemblies have yet to vote on the amendment.",
			HeroCredit:  "Segun Oyelaran / Broadsheet",
			HeroAlt:     "Evening sky over a city with tall buildings and lit windows",
			AgeHours:    102,
		},
		{
			Headline:   "Young candidates make up a third of council nominees in Oyo",
			Standfirst: "A lower age limit for local office and cheaper nomination fees have drawn more candidates under 35 than in any previous local election in the state.",
			Section:    "news/politics",
			Tags:       []string{"Elections", "Youth"},
			Authors:    []string{"adebayo-olabisi"},
			Credit:     "",
			BodyHTML: `<p>Nearly a third of candidates standing for local councils in Oyo State next month are under 35, according to lists published by the state electoral commission, the highest share since the commission was created.</p>
<p>Of 2,140 candidates for councillor and chair positions, 693 are aged 25 to 34. Election observers attributed the rise to two changes: the minimum age for councillors was lowered to 25, and nomination fees were cut by half for candidates under 30.</p>
<p>Many of the younger candidates are running on local issues such as drainage, market stalls and street lighting. "Nobody asks me about national politics when I knock on doors," said Tèmítọ́pẹ́ Àlàbí, 27, a pharmacist standing for a ward in Ibadan. "They ask me when the gutter on their street will be cleared."</p>
<h2>Parties adjust</h2>
<p>Party officials said they had actively recruited younger members after turnout among voters under 30 fell sharply in the last local election.</p>
<p>Observers cautioned that a long list of young candidates does not guarantee a younger council, as many are standing in wards where their party is weak. Results will be announced within 48 hours of the vote.</p>`,
			HeroCaption: "Younger candidates are campaigning largely on street-level issues.",
			HeroCredit:  "Bisi Adewale / Broadsheet",
			HeroAlt:     "Low hills around Ibadan under a warm evening sky",
			AgeHours:    240,
		},
	}
}
