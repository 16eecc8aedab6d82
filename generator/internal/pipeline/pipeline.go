// Package pipeline runs load → ir → emit for one spec, in memory.
package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/emit"
	"github.com/atriumgen/atriumgen/generator/internal/ir"
	"github.com/atriumgen/atriumgen/generator/internal/load"
)

// Config is what one generation needs.
type Config struct {
	Spec            string // path of the OpenAPI document
	Package         string // Go package name
	ImportPath      string // import path of the output package
	SkipUnsupported bool
	// ServerPackage, when set, also renders a server package of that name
	// importing the client package (at ImportPath) for its models.
	ServerPackage string
	// NullablePointers: optional nullable fields are *T, not Nullable[T].
	NullablePointers bool
}

// Result is a generation's output.
type Result struct {
	API   *ir.API
	Files []emit.File
	// ServerFiles is the server package, when Config.ServerPackage is set.
	ServerFiles []emit.File
	// Diags holds warnings (and errors, when Err is a diag.List).
	Diags diag.List
}

// Run loads, models and renders the spec. On a spec problem the error is a
// diag.List with one located line per problem.
func Run(cfg Config) (*Result, error) {
	doc, diags := load.File(cfg.Spec)
	if diags.HasErrors() {
		return &Result{Diags: diags}, diags.Errors()
	}
	res, err := FromDocument(doc, cfg)
	if res != nil {
		// Keep the loader's warnings (repairs it made) before the model's.
		res.Diags = append(diags, res.Diags...)
	}
	return res, err
}

// FromDocument models and renders an already loaded document.
func FromDocument(doc *load.Document, cfg Config) (res *Result, err error) {
	if !isIdent(cfg.Package) {
		return nil, fmt.Errorf("-package %q is not a valid Go package name", cfg.Package)
	}
	api, diags := ir.Build(doc, ir.Options{
		Package:          cfg.Package,
		ImportPath:       cfg.ImportPath,
		Reserved:         emit.Reserved,
		SkipUnsupported:  cfg.SkipUnsupported,
		NullablePointers: cfg.NullablePointers,
	})
	res = &Result{API: api, Diags: diags}
	if diags.HasErrors() {
		return res, diags.Errors()
	}
	files, err := emit.Files(api)
	if err != nil {
		// Rendering failed on a model the builder accepted: a generator bug,
		// reported with the spec it happened on.
		return res, fmt.Errorf("%s: internal error: %w", doc.File, err)
	}
	res.Files = files
	if cfg.ServerPackage == "" {
		return res, nil
	}
	if !isIdent(cfg.ServerPackage) {
		return res, fmt.Errorf("-server-package %q is not a valid Go package name", cfg.ServerPackage)
	}
	if cfg.ImportPath == "" {
		return res, fmt.Errorf("the server imports the client package: its import path is unknown (no go.mod above the output; pass -import)")
	}
	if cfg.ServerPackage == cfg.Package {
		return res, fmt.Errorf("-server-package %q must differ from -package", cfg.ServerPackage)
	}
	leaveOut := map[*ir.Operation]bool{}
	var sdiags diag.List
	for _, p := range emit.CheckServer(api) {
		pos := doc.Locate(p.Pointer)
		if cfg.SkipUnsupported {
			sdiags.Warnf(pos, p.Pointer, "unsupported by the server: %s: left out of the server", p.Msg)
			leaveOut[p.Op] = true
		} else {
			sdiags.Errorf(pos, p.Pointer, "unsupported by the server: %s", p.Msg)
		}
	}
	sdiags.Sort()
	res.Diags = append(res.Diags, sdiags...)
	if res.Diags.HasErrors() {
		res.Files = nil
		return res, res.Diags.Errors()
	}
	sfiles, err := emit.ServerFiles(api, emit.ServerConfig{Package: cfg.ServerPackage}, leaveOut)
	if err != nil {
		return res, fmt.Errorf("%s: internal error: %w", doc.File, err)
	}
	res.ServerFiles = sfiles
	return res, nil
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// ImportPath derives the import path of dir from the nearest go.mod above
// it, or "" when there is none.
func ImportPath(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if f := strings.Fields(line); len(f) >= 2 && f[0] == "module" {
					rel, err := filepath.Rel(d, abs)
					if err != nil {
						return ""
					}
					mod := strings.Trim(f[1], `"`)
					if rel == "." {
						return mod
					}
					return mod + "/" + filepath.ToSlash(rel)
				}
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
