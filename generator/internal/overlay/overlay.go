// Package overlay applies OpenAPI Overlay 1.0 documents to a spec before
// it is loaded, so a vendor's spec can be fixed or annotated (x-go-name,
// x-pagination, a missing tag) without editing it.
//
// An overlay holds `overlay: 1.0.0`, `info` and a list of `actions`, each
// a JSONPath `target` and an `update` merged into every node the target
// selects (mappings merge member by member, recursively; other values
// replace; an update to a sequence appends to it) or `remove: true`.
// Actions apply in order, each to the result of the ones before. Targets
// use the JSONPath subset of jsonpath.go. Problems in an overlay are
// located as file:line:col; a target selecting nothing is a warning, as
// the Overlay specification leaves it.
package overlay

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	yaml "github.com/oasdiff/yaml3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// Files applies the overlay files, in order, to the spec text (named
// specFile in messages) and returns the resulting document as YAML.
func Files(specFile string, spec []byte, overlays []string) ([]byte, diag.List) {
	var list diag.List
	var doc yaml.Node
	if err := yaml.Unmarshal(spec, &doc); err != nil {
		list.Errorf(diag.Pos{File: specFile}, "", "cannot apply overlays: the spec does not parse: %v", err)
		return nil, list
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		list.Errorf(diag.Pos{File: specFile}, "", "cannot apply overlays: the spec is empty")
		return nil, list
	}
	for _, f := range overlays {
		data, err := os.ReadFile(f)
		if err != nil {
			list.Errorf(diag.Pos{File: f}, "", "cannot read overlay: %v", unwrap(err))
			continue
		}
		list = append(list, Apply(doc.Content[0], f, data)...)
	}
	if list.HasErrors() {
		return nil, list
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		list.Errorf(diag.Pos{File: specFile}, "", "cannot write the overlaid spec: %v", err)
		return nil, list
	}
	_ = enc.Close()
	return buf.Bytes(), list
}

func unwrap(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Apply applies the overlay text data (named file) to the document root.
func Apply(root *yaml.Node, file string, data []byte) diag.List {
	var list diag.List
	at := func(n *yaml.Node) diag.Pos { return diag.Pos{File: file, Line: n.Line, Col: n.Column} }
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		list.Errorf(diag.Pos{File: file}, "", "not an overlay: %v", err)
		return list
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		list.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "", "not an overlay: want a mapping with overlay, info and actions")
		return list
	}
	top := doc.Content[0]
	version := member(top, "overlay")
	switch {
	case version == nil:
		list.Errorf(at(top), "", `missing "overlay: 1.0.0" (the Overlay specification version)`)
		return list
	case !strings.HasPrefix(version.Value, "1."):
		list.Errorf(at(version), "", "overlay %q: this generator applies Overlay 1.x", version.Value)
		return list
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		switch k := top.Content[i]; k.Value {
		case "overlay", "info", "actions", "extends":
		default:
			if !strings.HasPrefix(k.Value, "x-") {
				list.Errorf(at(k), "", "unknown overlay key %q (want overlay, info, extends, actions or x-...)", k.Value)
			}
		}
	}
	if info := member(top, "info"); info == nil || info.Kind != yaml.MappingNode || member(info, "title") == nil || member(info, "version") == nil {
		list.Warnf(at(top), "", "the overlay should have info with title and version")
	}
	actions := member(top, "actions")
	if actions == nil || actions.Kind != yaml.SequenceNode || len(actions.Content) == 0 {
		list.Errorf(at(top), "", "the overlay needs a non-empty list of actions")
		return list
	}
	for i, a := range actions.Content {
		where := fmt.Sprintf("actions[%d]", i)
		if a.Kind != yaml.MappingNode {
			list.Errorf(at(a), "", "%s: want a mapping with target and update or remove", where)
			continue
		}
		for j := 0; j+1 < len(a.Content); j += 2 {
			switch k := a.Content[j]; k.Value {
			case "target", "description", "update", "remove":
			default:
				if !strings.HasPrefix(k.Value, "x-") {
					list.Errorf(at(k), "", "%s: unknown key %q (want target, description, update, remove)", where, k.Value)
				}
			}
		}
		target := member(a, "target")
		if target == nil || target.Kind != yaml.ScalarNode || target.Value == "" {
			list.Errorf(at(a), "", "%s: missing target (a JSONPath such as $.paths['/pets'].get)", where)
			continue
		}
		path, err := parsePath(target.Value)
		if err != nil {
			list.Errorf(at(target), "", "%s: target %q: %v", where, target.Value, err)
			continue
		}
		update, remove := member(a, "update"), member(a, "remove")
		removing := remove != nil && remove.Value == "true"
		if remove != nil && remove.ShortTag() != "!!bool" {
			list.Errorf(at(remove), "", "%s: remove must be true or false", where)
			continue
		}
		if update == nil && !removing {
			list.Errorf(at(a), "", "%s: has neither update nor remove: true", where)
			continue
		}
		matches := selectPath(root, path)
		if len(matches) == 0 {
			list.Warnf(at(target), "", "%s: target %s selects nothing in the spec", where, target.Value)
			continue
		}
		if removing {
			if err := removeAll(matches); err != "" {
				list.Errorf(at(target), "", "%s: %s", where, err)
			}
			continue
		}
		for _, m := range matches {
			if err := merge(deref(m.node), update); err != "" {
				list.Errorf(at(update), "", "%s: %s", where, err)
				break
			}
		}
	}
	return list
}

func member(n *yaml.Node, key string) *yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// merge merges update into target: members of a mapping recursively, an
// update to a sequence appended.
func merge(target, update *yaml.Node) string {
	update = deref(update)
	switch target.Kind {
	case yaml.MappingNode:
		if update.Kind != yaml.MappingNode {
			return fmt.Sprintf("the target is a mapping; the update must be one too, not a %s", kindName(update))
		}
		for i := 0; i+1 < len(update.Content); i += 2 {
			k, v := update.Content[i], update.Content[i+1]
			if old := member(target, k.Value); old != nil && deref(old).Kind == yaml.MappingNode && deref(v).Kind == yaml.MappingNode {
				if err := merge(deref(old), v); err != "" {
					return err
				}
				continue
			}
			replaced := false
			for j := 0; j+1 < len(target.Content); j += 2 {
				if target.Content[j].Value == k.Value {
					target.Content[j+1] = clone(v)
					replaced = true
				}
			}
			if !replaced {
				target.Content = append(target.Content, clone(k), clone(v))
			}
		}
	case yaml.SequenceNode:
		if update.Kind == yaml.SequenceNode {
			for _, c := range update.Content {
				target.Content = append(target.Content, clone(c))
			}
		} else {
			target.Content = append(target.Content, clone(update))
		}
	default:
		return "the target is a scalar: target its parent and update the member"
	}
	return ""
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "sequence"
	}
	return "scalar"
}

// clone deep-copies an overlay node into the document (positions dropped:
// they would name the overlay's lines in the spec's).
func clone(n *yaml.Node) *yaml.Node {
	n = deref(n)
	c := *n
	c.Line, c.Column = 0, 0
	c.Content = nil
	for _, ch := range n.Content {
		c.Content = append(c.Content, clone(ch))
	}
	return &c
}

// removeAll removes the selected nodes from their parents.
func removeAll(ms []match) string {
	type del struct {
		parent *yaml.Node
		node   *yaml.Node
	}
	var dels []del
	for _, m := range ms {
		if m.parent == nil {
			return "the root cannot be removed"
		}
		dels = append(dels, del{m.parent, m.node})
	}
	byParent := map[*yaml.Node]map[*yaml.Node]bool{}
	var parents []*yaml.Node
	for _, d := range dels {
		if byParent[d.parent] == nil {
			byParent[d.parent] = map[*yaml.Node]bool{}
			parents = append(parents, d.parent)
		}
		byParent[d.parent][d.node] = true
	}
	for _, p := range parents {
		gone := byParent[p]
		var kept []*yaml.Node
		switch p.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(p.Content); i += 2 {
				if !gone[p.Content[i+1]] {
					kept = append(kept, p.Content[i], p.Content[i+1])
				}
			}
		case yaml.SequenceNode:
			for _, c := range p.Content {
				if !gone[c] {
					kept = append(kept, c)
				}
			}
		}
		p.Content = kept
	}
	return ""
}
