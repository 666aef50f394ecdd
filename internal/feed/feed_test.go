package feed

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)

func sample() Feed {
	hostile := "Storm <script>alert(1)</script> & \"floods\" ]]> \x00\x07 end"
	return Feed{Title: "The Daily & Co", Description: "News", Language: "en", Link: "https://news.example/", Self: "https://news.example/feed/rss",
		ID: "tag:news.example,2026:feed/", Updated: t0,
		Items: []Item{{ID: "tag:news.example,2026-11-29:article/1", Title: hostile, Link: "https://news.example/news/storm",
			Summary: "Rivers rose.", Content: "<p>Rivers <b>rose</b>. ]]> not the end</p>", Published: t0, Updated: t0.Add(time.Hour),
			Authors: []Person{{Name: "A reporter", URL: "https://news.example/author/a"}}, Categories: []string{"News", "Weather"},
			Image: &Image{URL: "https://news.example/media/x.jpg", Type: "image/jpeg", Length: 1234, Width: 1200, Height: 675, Alt: "A river"}},
			{ID: "tag:news.example,2026-11-29:article/2", Title: "Second", Link: "https://news.example/news/second", Published: t0}}}
}

func TestRSS(t *testing.T) {
	b, err := RSS(sample())
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version string `xml:"version,attr"`
		Channel struct {
			Title         string `xml:"title"`
			Link          string `xml:"link"`
			LastBuildDate string `xml:"lastBuildDate"`
			Items         []struct {
				Title   string `xml:"title"`
				Link    string `xml:"link"`
				PubDate string `xml:"pubDate"`
				GUID    struct {
					Value string `xml:",chardata"`
					Perma string `xml:"isPermaLink,attr"`
				} `xml:"guid"`
				Creator   []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
				Category  []string `xml:"category"`
				Encoded   string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
				Enclosure struct {
					URL    string `xml:"url,attr"`
					Length int64  `xml:"length,attr"`
					Type   string `xml:"type,attr"`
				} `xml:"enclosure"`
				Media struct {
					URL   string `xml:"url,attr"`
					Width int    `xml:"width,attr"`
				} `xml:"http://search.yahoo.com/mrss/ content"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b)
	}
	it := doc.Channel.Items[0]
	if doc.Version != "2.0" || doc.Channel.Title != "The Daily & Co" || len(doc.Channel.Items) != 2 ||
		it.Title != "Storm <script>alert(1)</script> & \"floods\" ]]>  end" || it.GUID.Perma != "false" ||
		it.PubDate != "Sun, 29 Nov 2026 08:00:00 +0000" || it.Creator[0] != "A reporter" || len(it.Category) != 2 ||
		it.Encoded != "<p>Rivers <b>rose</b>. ]]> not the end</p>" || it.Enclosure.Length != 1234 || it.Media.Width != 1200 {
		t.Errorf("parsed %+v", doc)
	}
	if strings.Contains(string(b), "<script>") {
		t.Error("markup in a title reaches the XML unescaped")
	}
}

func TestAtomAndJSON(t *testing.T) {
	b, err := Atom(sample())
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Author  []struct {
				Name string `xml:"name"`
			} `xml:"author"`
			Content struct {
				Type  string `xml:"type,attr"`
				Value string `xml:",chardata"`
			} `xml:"http://www.w3.org/2005/Atom content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	if doc.ID == "" || doc.Updated != "2026-11-29T08:00:00Z" || len(doc.Entries) != 2 || doc.Entries[0].Updated != "2026-11-29T09:00:00Z" ||
		doc.Entries[0].Content.Type != "html" || doc.Entries[1].Author[0].Name != "The Daily & Co" {
		t.Errorf("atom %+v", doc)
	}
	j, err := JSON(sample())
	if err != nil {
		t.Fatal(err)
	}
	var jf struct {
		Version string `json:"version"`
		Items   []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(j, &jf); err != nil {
		t.Fatal(err)
	}
	if jf.Version != "https://jsonfeed.org/version/1.1" || len(jf.Items) != 2 || jf.Items[1].ID == "" {
		t.Errorf("json %s", j)
	}
	if !strings.Contains(string(j), `"content_html"`) || !strings.Contains(string(j), `"content_text": "Second"`) {
		t.Errorf("json content: %s", j)
	}
}
