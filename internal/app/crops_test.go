package app_test

import (
	"context"
	"image"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/media"
	"broadsheet/internal/web/webtest"
)

// Pictures stored before variants were content-named (a file at the
// lasting address only, no hash, no version) get their private original,
// hash, version, variants and crops through the job queue, one variants
// job a picture; pictures whose variants are all there are left alone.
func TestVariantsForOlderPictures(t *testing.T) {
	e := webtest.New(t, false, "sqlite")
	ctx := context.Background()
	var saved []media.Media
	for i := 0; i < 3; i++ {
		m, err := e.App.Media.Save(ctx, image.NewRGBA(image.Rect(0, 0, 900, 500)), false, "old.jpg")
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 { // as stored before: no original kept apart, no version
			if err := e.App.Media.Files.Delete(ctx, originalOf(m)); err != nil {
				t.Fatal(err)
			}
			m.Hash, m.Version = "", ""
		}
		if err := e.App.Store.SaveMedia(ctx, &m); err != nil {
			t.Fatal(err)
		}
		saved = append(saved, m)
	}
	if _, err := e.App.Media.MakeVariants(ctx, saved[0]); err != nil { // this one has its variants already
		t.Fatal(err)
	}
	// A fourth was made with an earlier set of sizes: its version is not
	// what VersionOf gives now.
	m, err := e.App.Media.Save(ctx, image.NewRGBA(image.Rect(0, 0, 900, 500)), false, "earlier.jpg")
	if err != nil {
		t.Fatal(err)
	}
	m.Version = "0123456789ab"
	if err := e.App.Store.SaveMedia(ctx, &m); err != nil {
		t.Fatal(err)
	}
	saved = append(saved, m)
	if err := e.App.Worker.Handlers[media.JobCrops](ctx, nil); err != nil {
		t.Fatal(err)
	}
	jobs := 0
	for e.App.Worker.RunOnce(ctx) {
		jobs++
	}
	if jobs != 3 {
		t.Errorf("%d jobs ran; want one for each older picture", jobs)
	}
	for _, old := range saved {
		m, err := e.App.Store.Media(ctx, old.ID)
		if err != nil {
			t.Fatal(err)
		}
		if missing, err := e.App.Media.Missing(ctx, m); err != nil || missing || m.Version != media.VersionOf(m.Hash, m.FocalX, m.FocalY) || len(m.Hash) != 64 {
			t.Errorf("%s after the jobs: missing %v (%v), version %q", m.Name, missing, err, m.Version)
		}
		if _, err := e.App.Media.Files.Stat(ctx, originalOf(m)); err != nil {
			t.Errorf("%s has no private original: %v", m.Name, err)
		}
	}
}

// originalOf is the key of a picture's private original.
func originalOf(m media.Media) string {
	return "originals/" + strings.TrimSuffix(m.Name, ".jpg") + "-" + m.Hash[:12] + ".jpg"
}

// A picture deleted before its variants job runs leaves no file behind:
// the job finds no row and deletes everything under the name.
func TestVariantsOfADeletedPicture(t *testing.T) {
	e := webtest.New(t, false, "sqlite")
	ctx := context.Background()
	m, err := e.App.Media.Save(ctx, image.NewRGBA(image.Rect(0, 0, 900, 500)), false, "gone.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.App.Store.SaveMedia(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.Media.MakeVariants(ctx, m); err != nil { // a first version's files
		t.Fatal(err)
	}
	if err := e.App.Store.Enqueue(ctx, media.JobVariants, media.VariantsPayload{Name: m.Name, Old: []media.Picture{m.Picture()}}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := e.App.Store.DeleteMedia(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	for e.App.Worker.RunOnce(ctx) {
	}
	stem := strings.TrimSuffix(m.Name, ".jpg")
	if err := e.App.Media.Files.List(ctx, "", func(in media.Info) error {
		if strings.Contains(in.Key, stem) {
			t.Errorf("%s left behind", in.Key)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
