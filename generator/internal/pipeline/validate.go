package pipeline

import (
	"go/token"
	"sort"
	"strconv"
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/ir"
)

// Validate checks the options that need no spec: Go names, the naming
// section and the paging rules. Problems are located in the config file
// when the value came from it.
func (c *Config) Validate() diag.List {
	var l diag.List
	at := func(key string) diag.Pos { return c.Where[key] }
	if c.Package != "" && !isIdent(c.Package) {
		l.Errorf(at("package"), "", "package: %q is not a valid Go package name", c.Package)
	}
	if c.ServerPackage != "" && !isIdent(c.ServerPackage) {
		l.Errorf(at("server-package"), "", "server-package: %q is not a valid Go package name", c.ServerPackage)
	}
	n := c.Naming
	switch n.GroupBy {
	case "", "tags", "resources", "tags-only":
	default:
		l.Errorf(at("naming.group-by"), "", "naming.group-by: %q: want tags, resources or tags-only", n.GroupBy)
	}
	exported := func(section string, m map[string]string, dotted bool) {
		for _, k := range sortedKeys(m) {
			v := m[k]
			ok := exportedIdent(v)
			if dotted {
				if svc, meth, cut := strings.Cut(v, "."); cut {
					ok = exportedIdent(svc) && exportedIdent(meth)
				}
			}
			if !ok {
				want := "an exported Go identifier"
				if dotted {
					want += " (or Service.Method)"
				}
				l.Errorf(at("naming."+section+"."+k), "", "naming.%s: %q: %q is not %s", section, k, v, want)
			}
			if strings.TrimSpace(k) == "" {
				l.Errorf(at("naming."+section+"."+k), "", "naming.%s: empty key", section)
			}
		}
	}
	exported("services", n.Services, false)
	exported("operations", n.Operations, true)
	exported("types", n.Types, false)
	exported("fields", n.Fields, false)
	for k := range n.Fields {
		if s, p, ok := strings.Cut(k, "."); !ok || s == "" || p == "" {
			l.Errorf(at("naming.fields."+k), "", "naming.fields: %q: want Schema.property", k)
		}
	}
	for i, r := range c.Paging {
		key := "paging." + strconv.Itoa(i)
		pos := r.Pos
		if pos.Line == 0 {
			pos = at(key)
		}
		for _, p := range ir.CheckPagingRule(r, false) {
			l.Errorf(pos, "", "%s: %s", key, p)
		}
	}
	l.Sort()
	return l
}

func exportedIdent(s string) bool {
	return token.IsIdentifier(s) && token.IsExported(s)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
