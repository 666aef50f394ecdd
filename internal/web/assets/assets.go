// Package assets embeds the templates and static files, so the binary needs
// nothing beside it on disk.
package assets

import "embed"

// Templates holds templates/site/*.html and templates/newsroom/*.html.
//
//go:embed all:templates
var Templates embed.FS

// Static holds CSS, JavaScript, fonts and icons served under /static/.
//
//go:embed static
var Static embed.FS
