// Package templates holds the text templates for what the generator writes
// that is not Go: the Markdown API docs and the SDK README.
package templates

import "embed"

// FS holds every *.tmpl file of this directory.
//
//go:embed *.tmpl
var FS embed.FS
