package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/article"
	"broadsheet/internal/search"
	"broadsheet/internal/section"
	"broadsheet/internal/store"
	"broadsheet/internal/storetest"
)

// BenchmarkSearch measures search latency over an archive of
// $BROADSHEET_BENCH_ARTICLES articles (default 10,000) on both engines, for
// a mix of queries readers type: one word, two words, a phrase, an
// exclusion, a word being typed. It reports p50 and p95 in milliseconds.
// Seeding goes through SaveArticle, as the newsroom does; 100,000 articles
// take a few minutes on SQLite and longer on PostgreSQL. With
// $BROADSHEET_BENCH_DB set, SQLite's archive is kept in that file and
// reused by the next runs; with $BROADSHEET_BENCH_PG_SCHEMA, PostgreSQL's is
// kept in that schema (create it first).
//
//	BROADSHEET_BENCH_ARTICLES=100000 go test -run '^$' -bench Search -benchtime 1x -timeout 2h ./internal/store/
func BenchmarkSearch(b *testing.B) {
	n := 10_000
	if v, err := strconv.Atoi(os.Getenv("BROADSHEET_BENCH_ARTICLES")); err == nil && v > 0 {
		n = v
	}
	engines := []string{"sqlite", "postgres"}
	if v := os.Getenv("BROADSHEET_BENCH_ENGINE"); v != "" {
		engines = []string{v}
	}
	for _, engine := range engines {
		b.Run(fmt.Sprintf("%s/%d", engine, n), func(b *testing.B) {
			var s *store.Store
			switch {
			case engine == "sqlite" && os.Getenv("BROADSHEET_BENCH_DB") != "":
				// A kept archive: seeded on the first run, reused after.
				s = storetest.Open(b, store.Options{SQLitePath: os.Getenv("BROADSHEET_BENCH_DB")})
			case engine == "sqlite":
				s = storetest.SQLite(b)
			case os.Getenv("BROADSHEET_BENCH_PG_SCHEMA") != "":
				// A kept PostgreSQL archive, in an existing schema of that name.
				u, err := url.Parse(os.Getenv(storetest.PostgresURLEnv))
				if err != nil {
					b.Fatal(err)
				}
				q := u.Query()
				q.Set("search_path", os.Getenv("BROADSHEET_BENCH_PG_SCHEMA"))
				u.RawQuery = q.Encode()
				s = storetest.Open(b, store.Options{PostgresURL: u.String()})
			default:
				s = storetest.Postgres(b)
			}
			if have, err := s.CountArticles(context.Background(), article.Filter{}); err != nil {
				b.Fatal(err)
			} else if have == 0 {
				seedArchive(b, s, n)
			}
			if err := s.Analyze(context.Background()); err != nil { // as the engine's own analysis would, in time
				b.Fatal(err)
			}
			queries := []string{"election", "harbour report", `"flood warning"`, "market -harbour", "gov", "minister budget", "elections delayed"}
			var times []time.Duration
			each := make([][]time.Duration, len(queries))
			b.ResetTimer()
			for b.Loop() {
				for round := 0; round < 20; round++ {
					for i, q := range queries {
						start := time.Now()
						if _, _, err := s.SearchArticles(context.Background(), search.Parse(q, i == 4), article.Filter{Statuses: []article.Status{article.Published}, Limit: 20}); err != nil {
							b.Fatal(err)
						}
						times = append(times, time.Since(start))
						each[i] = append(each[i], time.Since(start))
					}
				}
			}
			for i, q := range queries {
				slices.Sort(each[i])
				b.Logf("%-20q p50 %v", q, each[i][len(each[i])/2])
			}
			slices.Sort(times)
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			b.ReportMetric(ms(times[len(times)/2]), "p50-ms")
			b.ReportMetric(ms(times[len(times)*95/100]), "p95-ms")
		})
	}
}

// seedArchive writes n published articles of a few hundred words, drawn
// from a vocabulary with a long tail as in real text, with the benchmark's
// words at known rates.
func seedArchive(b *testing.B, s *store.Store, n int) { seedArchiveT(b, s, n) }

func seedArchiveT(b testing.TB, s *store.Store, n int) {
	b.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	syll := []string{"ka", "lo", "mi", "ne", "ra", "tu", "sa", "po", "de", "vi", "go", "ba", "ri", "le", "zo", "fa"}
	vocab := make([]string, 20000)
	for i := range vocab {
		w := ""
		for j := 0; j < 2+r.IntN(3); j++ {
			w += syll[r.IntN(len(syll))]
		}
		vocab[i] = w
	}
	common := strings.Fields("the of and to in a is that for on with as was by at from it an be this are have has government minister market budget report")
	zipf := rand.NewZipf(r, 1.1, 1, uint64(len(vocab)-1))
	words := func(k int) string {
		var sb strings.Builder
		for i := 0; i < k; i++ {
			if i > 0 {
				sb.WriteByte(' ')
			}
			if r.IntN(3) == 0 {
				sb.WriteString(common[r.IntN(len(common))])
			} else {
				sb.WriteString(vocab[zipf.Uint64()])
			}
		}
		return sb.String()
	}
	sec, err := s.SaveSection(ctx, 0, section.Input{Name: "News", Slug: "news"})
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		head := words(8)
		body := words(250 + r.IntN(300))
		switch {
		case i%100 == 0:
			head = "Elections delayed as " + head
		case i%20 == 0:
			body += " The harbour report came late."
		case i%200 == 1:
			body += " A flood warning was issued."
		}
		at := t0.Add(time.Duration(i) * time.Hour)
		a := &article.Article{Headline: head, Standfirst: words(20), Slug: "s" + strconv.Itoa(i), SectionID: sec, Body: doc(body),
			Status: article.Published, CreatedAt: at, UpdatedAt: at, PublishedAt: at}
		if err := s.SaveArticle(ctx, a, article.Input{Tags: []string{common[r.IntN(len(common))]}}, article.Revision{CreatedAt: at}, ""); err != nil {
			b.Fatal(err)
		}
	}
}
