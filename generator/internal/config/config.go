// Package config reads the generator's YAML config file into an options
// struct, with every problem located as file:line:col.
//
// The struct drives everything: a field's key is its `yaml` tag, else its
// `flag` tag (so a flag and its config key share one name), and a field
// tagged `path:""` holds a file path, resolved against the config file's
// directory. Nested structs are sections; maps and slices of structs are
// decoded member by member. Unknown keys, wrong types and duplicate keys
// are errors, so a typo never passes silently. The file must start with
// `version: 1`.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	yaml "github.com/oasdiff/yaml3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// Version is the config format version this generator reads.
const Version = 1

// Where maps a key path (section.key, map keys and list indices as
// further elements: "naming.operations.GET /pets", "paging.0.style") to the
// position of its value.
type Where map[string]diag.Pos

// Load reads the config file at path into dst (a pointer to a struct):
// keys are decoded as described in the package doc, then relative path
// fields are resolved against the file's directory.
func Load(path string, dst any) (Where, diag.List) {
	data, err := os.ReadFile(path)
	if err != nil {
		var l diag.List
		l.Errorf(diag.Pos{File: path}, "", "cannot read config: %v", unwrap(err))
		return nil, l
	}
	where, list := Decode(path, data, dst)
	if !list.HasErrors() {
		ResolvePaths(dst, filepath.Dir(path))
	}
	return where, list
}

func unwrap(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Decode decodes the config text data (named file in messages) into dst.
func Decode(file string, data []byte, dst any) (Where, diag.List) {
	d := &decoder{file: file, where: Where{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		d.errorf(yamlErrorPos(file, err), "%s", strings.TrimPrefix(yamlErrorText(err), "yaml: "))
		return d.where, d.list
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		d.errorf(diag.Pos{File: file, Line: 1, Col: 1}, "empty config: want at least \"version: %d\"", Version)
		return d.where, d.list
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		d.errorf(d.pos(root), "the config must be a mapping of keys to values, not %s", kindName(root))
		return d.where, d.list
	}
	versionSeen := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "version" {
			continue
		}
		versionSeen = true
		n, err := strconv.Atoi(v.Value)
		if v.Kind != yaml.ScalarNode || err != nil {
			d.errorf(d.pos(v), "version: want the integer %d, got %s", Version, describe(v))
		} else if n != Version {
			d.errorf(d.pos(v), "version: this generator reads config version %d, not %d", Version, n)
		}
	}
	if !versionSeen {
		d.errorf(d.pos(root), "missing \"version: %d\" (the config format version)", Version)
	}
	if d.list.HasErrors() {
		return d.where, d.list
	}
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		panic("config.Decode: dst must be a pointer to a struct")
	}
	d.structValue(root, rv.Elem(), "", map[string]bool{"version": true})
	return d.where, d.list
}

type decoder struct {
	file  string
	list  diag.List
	where Where
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line, Col: n.Column}
}

func (d *decoder) errorf(pos diag.Pos, format string, args ...any) {
	d.list.Errorf(pos, "", format, args...)
}

var lineRE = regexp.MustCompile(`line (\d+)(?:, column (\d+))?`)

// yamlErrorPos reads the line (and column) a YAML syntax error names.
func yamlErrorPos(file string, err error) diag.Pos {
	p := diag.Pos{File: file}
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Col, _ = strconv.Atoi(m[2])
	}
	return p
}

func yamlErrorText(err error) string {
	s := err.Error()
	// "yaml: line 3: did not find expected key" → "did not find expected key"
	s = lineRE.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "yaml: : ", "")
	return strings.TrimSpace(strings.TrimPrefix(s, ":"))
}

// Key is the config key of a struct field, "" when it has none.
func Key(f reflect.StructField) string {
	if k, ok := f.Tag.Lookup("yaml"); ok {
		if k == "-" {
			return ""
		}
		return k
	}
	return f.Tag.Get("flag")
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (d *decoder) structValue(n *yaml.Node, v reflect.Value, path string, skip map[string]bool) {
	if n.Kind != yaml.MappingNode {
		d.errorf(d.pos(n), "%s: want a mapping of keys to values, got %s", orRoot(path), describe(n))
		return
	}
	t := v.Type()
	fields := map[string]int{}
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		if k := Key(t.Field(i)); k != "" && t.Field(i).IsExported() {
			fields[k] = i
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if skip[k.Value] {
			continue
		}
		if seen[k.Value] {
			d.errorf(d.pos(k), "%s: key %q given twice", orRoot(path), k.Value)
			continue
		}
		seen[k.Value] = true
		idx, ok := fields[k.Value]
		if !ok {
			d.errorf(d.pos(k), "%s: unknown key %q (known: %s)", orRoot(path), k.Value, strings.Join(keys, ", "))
			continue
		}
		d.value(val, v.Field(idx), join(path, k.Value))
	}
	// A Pos field tagged yaml:"-" records where the mapping is.
	if f, ok := t.FieldByName("Pos"); ok && f.Type == reflect.TypeOf(diag.Pos{}) {
		v.FieldByIndex(f.Index).Set(reflect.ValueOf(d.pos(n)))
	}
}

func orRoot(path string) string {
	if path == "" {
		return "config"
	}
	return path
}

func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	d.where[path] = d.pos(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		v.Set(reflect.Zero(v.Type()))
		return
	}
	switch v.Kind() {
	case reflect.String:
		if tag := n.ShortTag(); n.Kind != yaml.ScalarNode || tag != "!!str" && tag != "!!int" && tag != "!!float" {
			d.errorf(d.pos(n), "%s: want a string, got %s", path, describe(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		b, err := strconv.ParseBool(n.Value)
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || err != nil {
			d.errorf(d.pos(n), "%s: want true or false, got %s", path, describe(n))
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, err := strconv.ParseInt(n.Value, 0, v.Type().Bits())
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || err != nil {
			d.errorf(d.pos(n), "%s: want an integer, got %s", path, describe(n))
			return
		}
		v.SetInt(i)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(d.pos(n), "%s: want a list, got %s", path, describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, e := range n.Content {
			d.value(e, s.Index(i), join(path, strconv.Itoa(i)))
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.errorf(d.pos(n), "%s: want a mapping, got %s", path, describe(n))
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				d.errorf(d.pos(k), "%s: want a string key, got %s", path, describe(k))
				continue
			}
			if m.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
				d.errorf(d.pos(k), "%s: key %q given twice", path, k.Value)
				continue
			}
			e := reflect.New(v.Type().Elem()).Elem()
			d.value(val, e, join(path, k.Value))
			m.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), e)
		}
		v.Set(m)
	case reflect.Struct:
		d.structValue(n, v, path, nil)
	default:
		panic(fmt.Sprintf("config: field %s of kind %s cannot be decoded", path, v.Kind()))
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		return "a scalar"
	}
	return "nothing"
}

func describe(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return kindName(n)
	}
	switch n.ShortTag() {
	case "!!str":
		return strconv.Quote(n.Value)
	case "!!int":
		return "the integer " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	case "!!float":
		return "the number " + n.Value
	}
	return n.Value
}

// ResolvePaths joins every relative path field (tagged `path:""`) of the
// struct dst points to with dir, recursively through sections.
func ResolvePaths(dst any, dir string) {
	resolve(reflect.ValueOf(dst).Elem(), dir)
}

func resolve(v reflect.Value, dir string) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		fv := v.Field(i)
		if _, isPath := f.Tag.Lookup("path"); isPath {
			switch fv.Kind() {
			case reflect.String:
				fv.SetString(joinPath(dir, fv.String()))
			case reflect.Slice:
				for j := 0; j < fv.Len(); j++ {
					fv.Index(j).SetString(joinPath(dir, fv.Index(j).String()))
				}
			}
			continue
		}
		if fv.Kind() == reflect.Struct && f.Type != reflect.TypeOf(diag.Pos{}) {
			resolve(fv, dir)
		}
	}
}

func joinPath(dir, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, filepath.FromSlash(p))
}
