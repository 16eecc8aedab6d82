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
	"github.com/atriumgen/atriumgen/generator/internal/overlay"
)

// Config is what one generation needs: every option lands here, whether
// it comes from a flag, the config file or a test.
//
// A field tagged `flag` is a command-line flag of that name and, unless a
// `yaml` tag says otherwise, a config-file key of the same name (see
// package config); `usage` is its help text and `path` marks a file path
// (relative to the config file when it comes from one). Adding an option
// is one tagged field here.
type Config struct {
	Spec     string   `flag:"spec" path:"" usage:"OpenAPI 3.0/3.1/3.2 or Swagger 2.0 document (YAML or JSON)"`
	Overlays []string `flag:"overlay" yaml:"overlays" path:"" usage:"OpenAPI Overlay 1.0 document applied to the spec before loading (repeatable; in order)"`
	// Out and ServerOut are the output directories; the pipeline renders in
	// memory and leaves writing to the caller.
	Out        string `flag:"out" path:"" usage:"output directory of the Go package"`
	Package    string `flag:"package" usage:"Go package name (default: base name of -out)"` // Go package name
	ImportPath string `flag:"import" usage:"import path of the output package (default: from the nearest go.mod)"`
	// ServerPackage, when set, also renders a server package of that name
	// importing the client package (at ImportPath) for its models.
	ServerOut       string `flag:"server-out" path:"" usage:"output directory of the server package (default: no server)"`
	ServerPackage   string `flag:"server-package" usage:"Go package name of the server (default: base name of -server-out)"`
	SkipUnsupported bool   `flag:"skip-unsupported" usage:"leave out, with a warning, operations and fields using constructs the generator cannot express"`
	// NullablePointers: optional nullable fields are *T, not Nullable[T].
	NullablePointers bool `flag:"nullable-pointers" usage:"make optional nullable fields *T (nil for absent and null) instead of Nullable[T]; a large spec builds in about half the time (every Nullable[T] compiles its own methods)"`
	// ShareTypes: inline enums, objects and unions of the same shape are
	// one type each.
	// SplitServices: one package per service over the models package.
	SplitServices bool `flag:"split-services" usage:"emit each service as a package of its own (<out>/<service>) over the models package, so a program compiles only the services it imports; the request runtime moves to <out>/internal/sdk"`
	ShareTypes    bool `flag:"share-types" usage:"emit inline enums, objects and unions of the same shape once, named after the words their names end with (SetupFutureUsage); renames those types"`
	// RefRoot widens the directory tree external $refs may read from
	// (default: the spec's own directory).
	RefRoot string `flag:"ref-root" path:"" usage:"directory external $refs must stay inside (default: the spec's directory); devices, FIFOs and URLs stay refused"`

	// Strict turns every warning (a defect the loader repaired, a lossy
	// reading) into an error: for spec authors, and for this repository's
	// own spec.
	Strict bool `flag:"strict" usage:"treat every warning as an error (spec authors; the default repairs interpretable defects with a located warning)"`

	// Naming overrides Go names; Paging declares how lists page.
	Naming ir.Naming       `yaml:"naming"`
	Paging []ir.PagingRule `yaml:"paging"`

	// Where locates config-file values by key path, for messages.
	Where map[string]diag.Pos `yaml:"-"`
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
	doc, diags := LoadSpecWithin(cfg.Spec, cfg.Overlays, cfg.RefRoot)
	if cfg.Strict {
		diags = diags.Strict()
	}
	if diags.HasErrors() {
		return &Result{Diags: diags}, diags.Errors()
	}
	res, err := FromDocument(doc, cfg)
	if res != nil && doc.Swagger2() {
		// The model's messages name the converted document; say where in
		// the one the user wrote.
		for i := range res.Diags {
			res.Diags[i].Pointer = doc.SourcePointer(res.Diags[i].Pointer)
		}
		if l, ok := err.(diag.List); ok {
			for i := range l {
				l[i].Pointer = doc.SourcePointer(l[i].Pointer)
			}
		}
	}
	if res != nil {
		// Keep the loader's warnings (repairs it made) before the model's.
		res.Diags = append(diags, res.Diags...)
		if cfg.Strict && err == nil && len(res.Diags.Warnings()) > 0 {
			res.Diags = res.Diags.Strict()
			res.Files, res.ServerFiles = nil, nil
			return res, res.Diags.Errors()
		}
	}
	return res, err
}

// LoadSpec loads the spec with the overlays applied first, in order. With
// overlays, positions in the loader's messages are those of the overlaid
// document.
func LoadSpec(spec string, overlays []string) (*load.Document, diag.List) {
	return LoadSpecWithin(spec, overlays, "")
}

// LoadSpecWithin is LoadSpec with external $refs confined to refRoot's
// directory tree ("": the spec's directory).
func LoadSpecWithin(spec string, overlays []string, refRoot string) (*load.Document, diag.List) {
	if len(overlays) == 0 {
		return load.FileWithin(spec, refRoot)
	}
	data, err := os.ReadFile(spec)
	if err != nil {
		var l diag.List
		l.Errorf(diag.Pos{File: spec}, "", "cannot read spec: %v", err)
		return nil, l
	}
	out, diags := overlay.Files(spec, data, overlays)
	if diags.HasErrors() {
		return nil, diags
	}
	doc, more := load.DataWithin(spec, out, refRoot)
	return doc, append(diags, more...)
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
		ShareTypes:       cfg.ShareTypes,
		SplitServices:    cfg.SplitServices,
		Naming:           cfg.Naming,
		Paging:           cfg.Paging,
		Where:            cfg.Where,
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
