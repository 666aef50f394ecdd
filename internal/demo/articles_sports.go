package demo

func sportsArticles() []Article {
	return []Article{
		// ---- sports ----
		{
			Headline:   "Team of 86 named for the continental games, with 30 debutants",
			Standfirst: "Athletics and wrestling make up nearly half the squad. Officials say the aim is experience for younger athletes as much as medals.",
			Section:    "sports",
			Tags:       []string{"Athletics", "Youth"},
			Authors:    []string{"emeka-odinaka"},
			Credit:     "NAN",
			BodyHTML: `<p>A squad of 86 athletes will represent the country at next month's continental multi-sport games, including 30 who have never competed at a major championship.</p>
<p>Athletics has the largest contingent with 24 athletes, followed by wrestling (14), weightlifting (10) and table tennis (8). The team also includes competitors in para-athletics, judo, swimming and badminton.</p>
<table><caption>The largest teams in the squad</caption>
<thead><tr><th>Sport</th><th>Athletes</th><th>Debutants</th></tr></thead>
<tbody><tr><td>Athletics</td><td>24</td><td>9</td></tr>
<tr><td>Wrestling</td><td>14</td><td>5</td></tr>
<tr><td>Weightlifting</td><td>10</td><td>4</td></tr>
<tr><td>Table tennis</td><td>8</td><td>3</td></tr></tbody></table>
<blockquote><p>"We have picked a team for these games and for the next eight years. Some of these young athletes will surprise people; all of them will learn."</p></blockquote>
<p>That was the federation's technical director, speaking at the squad announcement in Abuja.</p>
<h2>Names to watch</h2>
<ul>
<li><strong>Blessing Ọmọtáyọ̀-Ekwueme</strong>, 19, who ran the fastest 400 metres by a junior in the country this year.</li>
<li><strong>Garba Tanko Yusufu</strong>, a freestyle wrestler who won all five of his bouts at the national trials.</li>
<li><strong>Ruth Onyebuchi-Daniels</strong>, a para-athlete who holds the national record in the seated shot put.</li>
</ul>
<p>The team will hold a two-week training camp in Abuja before travelling. Officials said all travel, kit and allowances had been paid for in advance.</p>`,
			HeroCaption: "Athletics has the largest contingent in the squad, with 24 athletes.",
			HeroCredit:  "Chika Ume / NAN",
			HeroAlt:     "Bright morning sky over an open landscape with green hills",
			AgeHours:    8,
		},

		// ---- sports/boxing ----
		{
			Headline:   `Heavyweight prospect Samuel "Iron" Adekunle-Bassey stops his 12th opponent`,
			Standfirst: "The 24-year-old from Ajegunle won in the fourth round in front of 4,000 fans in Lagos and says he is ready for a regional title fight.",
			Section:    "sports/boxing",
			Tags:       []string{"Boxing", "Lagos"},
			Authors:    []string{"emeka-odinaka"},
			Credit:     "Broadsheet Staff",
			BodyHTML: `<p>Samuel "Iron" Adekunle-Bassey extended his unbeaten professional record to 12 wins with a fourth-round stoppage of the experienced Ghanaian Kwesi Ampofo-Lartey at the Rowe Park arena in Lagos on Saturday night.</p>
<p>Adekunle-Bassey, 24, controlled the fight from behind a stiff left jab, then caught Ampofo-Lartey with a right hand to the body midway through the fourth round. The referee stopped the bout at 1 minute 52 seconds after a second knockdown.</p>
<blockquote><p>"I have been patient. I learned my trade. Now I want the belts, and I want to win them here in front of my people."</p></blockquote>
<p>That was Adekunle-Bassey speaking in the ring after the fight, as the crowd of 4,000 chanted his nickname.</p>
<h2>What comes next</h2>
<p>His promoter, Harbour Light Boxing, said it was in talks for a regional heavyweight title fight before the end of the year, possibly in Lagos. Adekunle-Bassey is ranked in the top 40 by two sanctioning bodies.</p>
<p>Ampofo-Lartey, 33, who went the distance with two world-ranked contenders in the past, praised his opponent's power. "He hits harder than he looks, and he looks like he hits hard," he said.</p>
<p>On the undercard, super-flyweight Zainab Ìdòwú-Fraser won a unanimous decision over eight rounds.</p>`,
			HeroCaption: "Adekunle-Bassey remains unbeaten after 12 professional fights.",
			HeroCredit:  "Tunji Adeyemi / Broadsheet",
			HeroAlt:     "Lagos skyline at night under a deep blue sky",
			AgeHours:    30,
		},

		// ---- sports/football ----
		{
			Headline:   "Harbour United go top after stoppage-time winner against Sahel Stars",
			Standfirst: "Substitute Daniel Uzoma-Pereira headed in a corner in the 94th minute to give the Lagos side a 2-1 win and a one-point lead at the top of the table.",
			Section:    "sports/football",
			Tags:       []string{"Football", "League"},
			Authors:    []string{"emeka-odinaka"},
			Credit:     "Broadsheet Staff",
			BodyHTML: `<p>Harbour United moved to the top of the league on Sunday with a dramatic 2-1 home win over Sahel Stars, sealed by a header from substitute Daniel Uzoma-Pereira four minutes into stoppage time.</p>
<p>The visitors had looked set for a deserved point after Abdulrahman Sani's equaliser on 71 minutes cancelled out Kingsley Orji's first-half penalty. But with the last attack of the game, Uzoma-Pereira rose above two defenders to meet a corner from the left and send the crowd of 18,000 into celebration.</p>
<h2>Match facts</h2>
<ul>
<li>Score: Harbour United 2, Sahel Stars 1</li>
<li>Scorers: Orji (pen, 38), Sani (71), Uzoma-Pereira (90+4)</li>
<li>Possession: 54% - 46%</li>
<li>Shots on target: 6 - 4</li>
</ul>
<blockquote><p>"We did not play our best football today, but this team does not give up. Those are the points that win titles."</p></blockquote>
<p>Harbour United's coach, Felix Oyedepo-Marsh, made that point after the match, adding that his side had "a lot to improve" before next week's trip to Enugu.</p>
<p>Sahel Stars, who drop to third, felt aggrieved at the penalty awarded for handball. Their coach said he would "look at it again" before commenting further.</p>`,
			HeroCaption: "Harbour United's win lifts them one point clear at the top.",
			HeroCredit:  "Wale Adigun / Broadsheet",
			HeroAlt:     "Floodlit city skyline at dusk after a match day",
			AgeHours:    19,
		},
		{
			Headline:   "Premier League clubs widen their scouting across West African academies",
			Standfirst: "Academy directors report more visits from English clubs' scouts than ever, but warn that young players need better protection in the transfer process.",
			Section:    "sports/football",
			Tags:       []string{"Premier League", "Football", "Youth"},
			Authors:    []string{"emeka-odinaka"},
			Credit:     "Reuters",
			BodyHTML: `<p>Scouts from Premier League clubs are visiting West African football academies more often than at any time in the past decade, according to academy directors in Nigeria, Ghana, Senegal and Côte d'Ivoire.</p>
<p>The directors told The Broadsheet Daily that they had received a combined 140 scouting visits from English top-flight clubs in the past year, up from fewer than 60 three years ago. Clubs from Germany, France and Belgium remain the most frequent visitors.</p>
<p>Several reasons are behind the shift: data analysis that makes it easier to compare players across leagues, improved video from academy matches, and the rising cost of established talent in Europe.</p>
<blockquote><p>"Five years ago, a scout from England would come once and watch one match. Now they come with a data analyst, a psychologist and a list of names they already know."</p></blockquote>
<p>So says Moses Adjei-Thompson, who runs a large academy near Accra.</p>
<h2>Protecting young players</h2>
<p>Directors also called for stronger safeguards. International rules prevent most transfers of players under 18, but agents sometimes approach families earlier with promises of trials abroad.</p>
<p>The Dakar-based academy director Aminata Faye-Diallo said her academy now requires parents to attend every meeting with an agent, and uses a checklist published by a <a href="https://example.org/player-welfare/checklist">player welfare charity</a>.</p>`,
			HeroCaption: "Academy directors say scouting visits have more than doubled in three years.",
			HeroCredit:  "Kofi Boateng / Reuters",
			HeroAlt:     "Green playing fields and rolling hills under a bright blue sky",
			AgeHours:    100,
		},
		{
			Headline:   "Women's league secures its first title sponsor in a five-year deal",
			Standfirst: "The agreement with a telecoms company will fund minimum salaries for players, live coverage of one match a week and a new under-19 competition.",
			Section:    "sports/football",
			Tags:       []string{"Football", "Women's Sport"},
			Authors:    []string{"emeka-odinaka", "kofi-mensah-darko"},
			Credit:     "NAN",
			BodyHTML: `<p>The women's professional football league has signed its first title sponsorship, a five-year agreement with the mobile network operator Lumen Telecom worth a reported 4.5 billion naira.</p>
<p>League officials said most of the money would go directly to clubs, which will be required to pay every registered player a minimum monthly salary for the first time.</p>
<h2>What the deal includes</h2>
<ol>
<li>A minimum salary of 150,000 naira a month for all first-team players.</li>
<li>Live streaming of one match every week, free for viewers.</li>
<li>A new national under-19 competition from next season.</li>
<li>Funding for qualified physiotherapists at every club.</li>
</ol>
<p>Players welcomed the announcement. "Many of us have played for years while working second jobs," said Chiamaka Ọbáfẹ́mi-Njoku, captain of league champions Delta Queens Athletic. "A guaranteed salary means we can train like professionals."</p>
<p>The league said it would publish an annual report showing how the sponsorship money had been spent by each club.</p>`,
			HeroCaption: "Every first-team player will receive a minimum monthly salary under the agreement.",
			HeroCredit:  "Ese Oghene / NAN",
			HeroAlt:     "Late afternoon sun over open green fields",
			AgeHours:    205,
		},
		{
			Headline:   "Forty community pitches to get all-weather surfaces by next season",
			Standfirst: "A fund backed by the football federation and local businesses will resurface dusty neighbourhood pitches used by around 20,000 young players.",
			Section:    "sports/football",
			Tags:       []string{"Football", "Grassroots", "Youth"},
			Authors:    []string{"emeka-odinaka"},
			Credit:     "",
			BodyHTML: `<p>Forty neighbourhood football pitches across six states will be resurfaced with artificial turf before next season, under a programme funded by the football federation, state governments and a group of local businesses.</p>
<p>The pitches, chosen from 310 applications by community groups, are used by an estimated 20,000 children and young adults each week. Most are currently bare earth that turns to mud in the rainy season and hard, uneven ground in the dry months.</p>
<p>"When it rains, our training stops for three months," said Ikechukwu Amadi-Lawson, who coaches under-13s in Aba. "With a proper surface, the children can play all year, and they will stop twisting their ankles."</p>
<p>Each site will also receive goalposts, fencing, floodlights powered by solar panels and a small storage container for equipment. Community groups must agree to keep the pitches open to the public free of charge for at least two days a week.</p>
<p>The full list of pitches is published on the <a href="https://example.org/grassroots-pitches/list">programme's website</a>.</p>`,
			HeroCaption: "Most of the selected pitches are currently bare earth.",
			HeroCredit:  "Obinna Ike / Broadsheet",
			HeroAlt:     "Wide green fields under a blue sky with scattered clouds",
			AgeHours:    380,
		},

		// ---- sports/tennis ----
		{
			Headline:   "Lagos teenager reaches junior final in Casablanca",
			Standfirst: "Sixteen-year-old Oreoluwa Haastrup-Eze won five matches in a row on clay, beating the top seed in the semi-finals.",
			Section:    "sports/tennis",
			Tags:       []string{"Tennis", "Youth", "Women's Sport"},
			Authors:    []string{"emeka-odinaka"},
			Credit:     "AFP",
			BodyHTML: `<p>Oreoluwa Haastrup-Eze, a 16-year-old from Lagos, reached the final of a top-level junior tennis tournament in Casablanca on Friday, beating the top seed 6-4, 3-6, 7-5 in the semi-finals.</p>
<p>It is the furthest a Nigerian player has gone at a tournament of this level in more than a decade. Haastrup-Eze, who trains on public hard courts in Lagos, had played only a handful of matches on clay before this week.</p>
<p>"At first the ball felt like it was stopping in the air," she said after the match. "My coach told me to be patient and make the points longer. That is what I did."</p>
<h2>A long road from the public courts</h2>
<p>Haastrup-Eze started playing at eight, when a community programme put up nets on a disused basketball court near her home. She has since been supported by a scholarship from a tennis foundation, which pays for travel to international events.</p>
<p>She will face the second seed, Marta Novaković of Croatia, in Saturday's final. Win or lose, her result should lift her into the top 100 of the junior rankings.</p>`,
			HeroCaption: "Haastrup-Eze had played few matches on clay before this week.",
			HeroCredit:  "Youssef Bennani / AFP",
			HeroAlt:     "Warm afternoon light over sandy, rust-coloured hills",
			AgeHours:    42,
		},
		{
			Headline:   "Restored courts at Ikoyi club reopen to public players on weekdays",
			Standfirst: "A ten-year restoration has brought six hard courts back into use, and the club has agreed to open them to non-members for a small fee.",
			Section:    "sports/tennis",
			Tags:       []string{"Tennis", "Lagos", "Grassroots"},
			Authors:    []string{"emeka-odinaka"},
			Credit:     "",
			BodyHTML: `<p>Six tennis courts that had fallen into disrepair at a historic club in Ikoyi have reopened after a restoration that took ten years and cost an estimated 380 million naira.</p>
<p>The courts have new surfaces, drainage and lighting. Under an agreement with the state sports council, they will be open to non-members on weekdays from 6am to 4pm for 2,000 naira an hour, with half-price sessions for players under 18.</p>
<p>The club's president said the agreement was the condition of a grant that paid for a third of the work. "Tennis in this city has been too closed for too long," she said. "We want players who could never afford a membership to play on good courts."</p>
<p>Coaches welcomed the move. Lagos has few public courts in good condition, and many young players train on cracked concrete.</p>
<ul>
<li>Open to the public: Monday to Friday, 6am to 4pm</li>
<li>Price: 2,000 naira per court per hour; 1,000 naira for under-18s</li>
<li>Bookings: by phone or at the club gate, up to a week in advance</li>
</ul>`,
			HeroCaption: "The restored courts have new surfaces, drainage and lighting.",
			HeroCredit:  "Biodun Martins / Broadsheet",
			HeroAlt:     "Morning over the Lagos skyline under a pale blue sky",
			AgeHours:    290,
		},

		// ---- sports/other-sports ----
		{
			Headline:   "Basketball league adds two teams for next season",
			Standfirst: "New franchises in Kaduna and Uyo will take the professional league to 14 teams, with a longer regular season and a televised final four.",
			Section:    "sports/other-sports",
			Tags:       []string{"Basketball", "League"},
			Authors:    []string{"emeka-odinaka"},
			Credit:     "",
			BodyHTML: `<p>The professional basketball league will grow to 14 teams next season, after approving new franchises in Kaduna and Uyo.</p>
<p>The expansion teams, provisionally named the Kaduna Falcons and the Uyo Tides, will play in newly refurbished arenas with capacities of 3,500 and 4,000. Each will pay an entry fee to the league and must keep a squad of at least 12 contracted players.</p>
<p>The regular season will increase from 18 to 26 games per team, followed by play-offs and a final four weekend that will be broadcast live.</p>
<blockquote><p>"Basketball has always been popular in these cities, but the best local players had to move away to play professionally. Now they can play at home."</p></blockquote>
<p>That was the league's commissioner, Ekaette Usoro-Banks, speaking on Monday. An expansion draft, allowing the new teams to sign players from existing rosters, will be held in August.</p>
<p>Existing clubs may protect eight players each from the draft. Both new franchises have also said they will hold open trials for local players before the season, and the league has agreed to cover part of their travel costs in the first two years.</p>`,
			HeroCaption: "The league will have 14 teams next season.",
			HeroCredit:  "Nsikak Etim / Broadsheet",
			HeroAlt:     "City towers catching the last of the evening light",
			AgeHours:    110,
		},
		{
			Headline:   "Rowing crews train at dawn on the Lagos Lagoon for the national regatta",
			Standfirst: "Club rowing is growing quickly in Lagos, and this year's regatta will feature women's eights for the first time.",
			Section:    "sports/other-sports",
			Tags:       []string{"Rowing", "Lagos", "Women's Sport"},
			Authors:    []string{"emeka-odinaka", "yewande-akintola"},
			Credit:     "",
			BodyHTML: `<p>At 5.45am the lagoon is flat and grey, and the only sound is the coxswain's voice and the rhythmic knock of oars. Eight women pull their boat past the silhouettes of the city's towers, then turn and do it again.</p>
<p>They are one of 11 crews preparing for next month's national regatta, which will include a women's eights race for the first time. Club membership has roughly doubled in three years, according to the rowing federation, helped by university programmes and a donation of second-hand boats from clubs abroad.</p>
<p>"People are surprised that we row here at all," said Ngozi Attah-Brown, who coaches the women's crew. "But the lagoon in the early morning is perfect: calm, cool and empty."</p>
<h2>The regatta</h2>
<ul>
<li>Where: the Lagos Lagoon, finishing near the Third Mainland Bridge</li>
<li>When: the last Saturday of next month, from 7am</li>
<li>Events: singles, pairs, fours and eights for men and women</li>
</ul>
<p>Spectators can watch for free from the shoreline. The federation advises arriving early, before the traffic on the bridge makes it hard to hear the commentary.</p>`,
			HeroCaption: "Crews train on the lagoon before the heat and the boat traffic of the day.",
			HeroCredit:  "Femi Lawore / Broadsheet",
			HeroAlt:     "Still lagoon water at dawn reflecting a soft pink sky",
			AgeHours:    470,
		},
	}
}
