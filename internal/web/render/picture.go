package render

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"broadsheet/internal/article"
	"broadsheet/internal/author"
	"broadsheet/internal/media"
)

// Pictures are shown as <picture>: WebP for the browsers that take it
// (nearly all), the picture's own format for the rest, each as a srcset of
// content-named variants cached for ever, with the size the layout gives
// it (sizes) and its width and height, so the page keeps its layout while
// it loads. A picture whose variants are not named yet (uploaded before
// they were, until the job has seen it) is its lasting address alone.

// PictureHTML is the markup of a picture shown whole: lead says it is the
// page's main picture (loaded at once, first), otherwise it loads lazily.
func PictureHTML(p media.Picture, alt, sizes string, lead bool) template.HTML {
	var b strings.Builder
	b.WriteString("<picture>")
	if set := p.Srcset("webp"); set != "" {
		b.WriteString(`<source type="image/webp" srcset="` + html.EscapeString(set) + `" sizes="` + html.EscapeString(sizes) + `">`)
	}
	b.WriteString(`<img src="` + html.EscapeString(p.Src()) + `"`)
	if set := p.Srcset(p.Ext()); set != "" {
		b.WriteString(` srcset="` + html.EscapeString(set) + `" sizes="` + html.EscapeString(sizes) + `"`)
	}
	writeImgEnd(&b, alt, p.Width, p.Height, lead)
	return template.HTML(b.String())
}

// CardHTML is the markup of a picture's 16x9 crop (around its focal
// point) shown w x h pixels in a list. Its srcset stops at twice that
// width: sharper than that costs phones decoding time, not detail.
func CardHTML(p media.Picture, alt string, w, h int) template.HTML {
	var b strings.Builder
	sizes := strconv.Itoa(w) + "px"
	b.WriteString("<picture>")
	c := media.Crops[0]
	if set := p.CropSrcset(c, "webp", 2*w); set != "" {
		b.WriteString(`<source type="image/webp" srcset="` + html.EscapeString(set) + `" sizes="` + sizes + `">`)
	}
	b.WriteString(`<img src="` + html.EscapeString(p.Crop(c, w, p.Ext())) + `"`)
	if set := p.CropSrcset(c, p.Ext(), 2*w); set != "" {
		b.WriteString(` srcset="` + html.EscapeString(set) + `" sizes="` + sizes + `"`)
	}
	writeImgEnd(&b, alt, w, h, false)
	return template.HTML(b.String())
}

func writeImgEnd(b *strings.Builder, alt string, w, h int, lead bool) {
	b.WriteString(` alt="` + html.EscapeString(alt) + `"`)
	if w > 0 && h > 0 {
		b.WriteString(` width="` + strconv.Itoa(w) + `" height="` + strconv.Itoa(h) + `"`)
	}
	if lead {
		b.WriteString(` fetchpriority="high">`)
	} else {
		b.WriteString(` loading="lazy" decoding="async">`)
	}
	b.WriteString("</picture>")
}

// AvatarURL is the address of an author's photo: its square crop around
// the focal point, 240 wide (the lasting address until the crop is named).
func AvatarURL(a author.Author) string {
	if a.PhotoURL == "" {
		return ""
	}
	p := media.PictureAt(a.PhotoURL, a.PhotoVersion, a.PhotoWidth, a.PhotoHeight)
	return p.Crop(media.Crops[2], 240, p.Ext())
}

// HeroOf is an article's main picture.
func HeroOf(a *article.Article) media.Picture {
	return media.PictureAt(a.HeroURL, a.HeroVersion, a.HeroWidth, a.HeroHeight)
}
