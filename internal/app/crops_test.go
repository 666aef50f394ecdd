package app_test

import (
	"context"
	"image"
	"testing"

	"broadsheet/internal/media"
	"broadsheet/internal/web/webtest"
)

// Pictures stored before crops existed get them through the job queue,
// one variants job a picture; pictures that have crops are left alone.
func TestCropsForOlderPictures(t *testing.T) {
	e := webtest.New(t, false, "sqlite")
	ctx := context.Background()
	var names []string
	for i := 0; i < 3; i++ {
		m, err := e.App.Media.Save(image.NewRGBA(image.Rect(0, 0, 900, 500)), false, "old.jpg")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.App.Store.SaveMedia(ctx, &m); err != nil {
			t.Fatal(err)
		}
		names = append(names, m.Name)
	}
	if err := e.App.Media.MakeVariants(names[0]); err != nil { // this one has its crops already
		t.Fatal(err)
	}
	if err := e.App.Worker.Handlers[media.JobCrops](ctx, nil); err != nil {
		t.Fatal(err)
	}
	jobs := 0
	for e.App.Worker.RunOnce(ctx) {
		jobs++
	}
	if jobs != 2 {
		t.Errorf("%d jobs ran; want one for each picture without crops", jobs)
	}
	for _, n := range names {
		if !e.App.Media.HasCrops(n) {
			t.Errorf("%s has no crops", n)
		}
	}
}
