package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"unicode"

	yaml "github.com/oasdiff/yaml3"

	"github.com/atriumgen/atriumgen/generator/internal/config"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
)

// runInit is `init [-config FILE] [-out DIR] SPEC`: it writes a starter
// config for SPEC holding every option at today's default (so generating
// with it equals generating with -spec and -out alone), each documented.
func runInit(name string, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet(name+" init", flag.ContinueOnError)
	flags.SetOutput(stderr)
	file := flags.String("config", "atriumgen.yaml", `config file to write ("-" for standard output); it is never overwritten`)
	out := flags.String("out", "", "output directory to put in the config (default: a package name from the spec's title)")
	flags.Usage = func() {
		fmt.Fprintf(stderr, "usage: %s init [-config FILE] [-out DIR] SPEC\n", name)
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() != 1 {
		flags.Usage()
		return 2
	}
	spec := flags.Arg(0)
	data, err := os.ReadFile(spec)
	if err != nil {
		fmt.Fprintf(stderr, "%s: cannot read spec: %v\n", spec, unwrapPath(err))
		return 1
	}
	dir := "."
	if *file != "-" {
		dir = filepath.Dir(*file)
	}
	rel := func(p string) string {
		if r, err := filepath.Rel(dir, p); err == nil {
			return filepath.ToSlash(r)
		}
		return filepath.ToSlash(p)
	}
	cfg := pipeline.Config{Spec: rel(spec)}
	cfg.Naming.GroupBy = "tags"
	cfg.Package = packageFromTitle(specTitle(data))
	cfg.Out = cfg.Package
	if *out != "" {
		cfg.Out = rel(*out)
		cfg.Package = filepath.Base(*out)
	}
	text := StarterConfig(&cfg)
	if *file == "-" {
		_, err = io.WriteString(stdout, text)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		return 0
	}
	f, err := os.OpenFile(*file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "%s exists: not overwritten (remove it, or pass -config with another name)\n", *file)
		return 1
	}
	if err == nil {
		_, err = f.WriteString(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s; generate with: %s -config %s\n", *file, name, *file)
	fmt.Fprintf(stdout, "or add to a Go file beside it: //go:generate go tool atriumgen -config %s\n", filepath.Base(*file))
	return 0
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// specTitle reads info.title from a YAML or JSON spec without loading it.
func specTitle(data []byte) string {
	var doc struct {
		Info struct {
			Title string `yaml:"title"`
		} `yaml:"info"`
	}
	if yaml.Unmarshal(data, &doc) != nil {
		return ""
	}
	return doc.Info.Title
}

// packageFromTitle makes a Go package name of a spec's title: its words
// lower-cased and joined, without the generic ones ("Swagger Petstore -
// OpenAPI 3.0" → petstore, "MX Atrium API" → mxatrium); "client" when none
// is left.
func packageFromTitle(title string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		switch w {
		case "api", "apis", "openapi", "swagger", "the", "rest", "http", "v1", "v2", "v3":
			continue
		}
		if strings.Trim(w, "0123456789") == "" {
			continue // a version number
		}
		for _, r := range w {
			if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) && b.Len() > 0) {
				b.WriteRune(r)
			}
		}
	}
	if b.Len() == 0 {
		return "client"
	}
	return b.String()
}

// StarterConfig renders cfg as a documented config file: every key of
// pipeline.Config in field order, with its usage as a comment; empty
// optional values are written commented out, so the file states today's
// defaults without fixing them.
func StarterConfig(cfg *pipeline.Config) string {
	var b bytes.Buffer
	b.WriteString("# atriumgen config: every key is documented in the atriumgen README (\"Config file\").\n")
	b.WriteString("# Paths are relative to this file. A flag given on the command line overrides its key.\n")
	fmt.Fprintf(&b, "version: %d\n", config.Version)
	writeSection(&b, reflect.ValueOf(cfg).Elem(), "")
	b.WriteString(`
# Paging rules for lists the spec does not mark with x-pagination, e.g.
# Stripe-style lists (has_more + the last item's id as starting_after):
#
# paging:
#   - operations: ["GET /v1/*"]
#     style: cursor        # cursor, link (Link: rel="next"), page or offset
#     items: data
#     has-more: has_more
#     cursor: starting_after
#     cursor-from: id
#     limit: limit
`)
	return b.String()
}

func writeSection(b *bytes.Buffer, v reflect.Value, indent string) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := config.Key(f)
		if key == "" || !f.IsExported() {
			continue
		}
		fv := v.Field(i)
		if usage := f.Tag.Get("usage"); usage != "" {
			if indent == "" {
				b.WriteString("\n")
			}
			fmt.Fprintf(b, "%s# %s\n", indent, usage)
		} else if fv.Kind() == reflect.Struct {
			b.WriteString("\n")
		}
		switch fv.Kind() {
		case reflect.Struct:
			fmt.Fprintf(b, "%s%s:\n", indent, key)
			writeSection(b, fv, indent+"  ")
		case reflect.Bool:
			fmt.Fprintf(b, "%s%s: %t\n", indent, key, fv.Bool())
		case reflect.String:
			if fv.String() == "" {
				fmt.Fprintf(b, "%s# %s: \"\"\n", indent, key)
			} else {
				fmt.Fprintf(b, "%s%s: %s\n", indent, key, quote(fv.String()))
			}
		case reflect.Map:
			fmt.Fprintf(b, "%s%s: {}\n", indent, key)
		case reflect.Slice:
			if fv.Type().Elem().Kind() == reflect.Struct {
				continue // paging: its example follows
			}
			fmt.Fprintf(b, "%s%s: []\n", indent, key)
		default:
			fmt.Fprintf(b, "%s%s: %v\n", indent, key, fv.Interface())
		}
	}
}

func quote(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSpace(string(out))
}
