package demo

// Comment is a reader's comment on a demo article, with its replies. The
// names are invented; the words are what readers of a local news site write.
type Comment struct {
	Name    string
	Body    string
	Minutes int  // after the article was published
	Held    bool // still waiting for a moderator, so the newsroom's queue is not empty
	Replies []Comment
}

// Comments returns the demo's comments by the headline of their article.
func Comments() map[string][]Comment {
	return map[string][]Comment{
		"Night trains to run between Lagos and Ibadan from next month": {
			{Name: "Bisola A.", Minutes: 12, Body: "Finally. I do this trip every Friday and the road on a Friday evening is a punishment.\n\nWill there be sleeper cabins or only seats?",
				Replies: []Comment{
					{Name: "Kunle O.", Minutes: 40, Body: "The ministry's notice says seats only for now, with cabins \"under study\". Details: https://example.gov/rail/night-service"},
					{Name: "Bisola A.", Minutes: 55, Body: "Seats are fine for two and a half hours. Thanks!"},
				}},
			{Name: "Emeka", Minutes: 30, Body: "The real question is whether the last bus from the station will wait for a 23:40 arrival."},
			{Name: "A commuter", Minutes: 75, Held: true, Body: "Does anyone know if bicycles are allowed on board?"},
		},
		"Flood warning issued for riverside communities along the Benue": {
			{Name: "Halima Yusuf", Minutes: 20, Body: "Makurdi here. The water is already over the lower road near the market. Please take the warning seriously."},
			{Name: "Dr. T. Okon", Minutes: 48, Body: "If you have to move, take your documents in a sealed bag and boil drinking water for the next two weeks.",
				Replies: []Comment{{Name: "Halima Yusuf", Minutes: 63, Body: "Useful, thank you. Sharing this with my street's group."}}},
		},
		"Senate committee approves bill to cap campaign spending": {
			{Name: "Ifeoma", Minutes: 35, Body: "A cap means nothing without someone counting. Who audits the parties' accounts, and when are the reports published?"},
			{Name: "Segun", Minutes: 90, Body: "Good first step. The floor vote is the test."},
		},
		"Inflation slows for a fourth month as food prices steady": {
			{Name: "Market woman", Minutes: 50, Body: "Tomatoes are cheaper this month, I will give them that. Rice has not moved."},
		},
		"Team of 86 named for the continental games, with 30 debutants": {
			{Name: "Tosin", Minutes: 15, Body: "Thirty debutants is brave. Some of these athletes were juniors two years ago."},
			{Name: "Chidi", Minutes: 22, Held: true, Body: "No place for the 400 m relay champions from the national trials? Strange."},
		},
		`Jollof, suya & pepper soup: a "national dish" debate that will not end`: {
			{Name: "Ama from Accra", Minutes: 60, Body: "We both know which jollof wins. I will say no more. 😄",
				Replies: []Comment{{Name: "Dapo", Minutes: 61, Body: "Respectfully: no."}}},
		},
	}
}
