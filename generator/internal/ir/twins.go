package ir

import (
	"encoding/json"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"
)

// twinComponents (Options.ShareTypes) finds the component schemas that are
// twins: the same object or union schema but for nullability, title,
// description and example. GitHub's spec has nine, each a copy of another
// with nullable: true (nullable-repository is repository, 175 fields); a
// use of the nullable one already reads its nullability from the schema it
// refers to, so the two are one Go type. Each twin maps to its group's
// canonical member: a non-nullable one if there is one, then the shortest
// name, then the first in order; the others are declared as aliases of it,
// so every spec name keeps its Go name and none repeats the fields.
// Enums are left alone: an alias would lose their constants' names.
func (b *builder) twinComponents() map[string]string {
	if !b.opts.ShareTypes || b.t.Components == nil {
		return nil
	}
	type member struct {
		name     string
		nullable bool
	}
	groups := map[string][]member{}
	var keys []string
	for _, name := range sortedKeys(b.t.Components.Schemas) {
		sref := b.t.Components.Schemas[name]
		if sref == nil || sref.Ref != "" || sref.Value == nil {
			continue
		}
		s := *sref.Value
		if len(s.Enum) > 0 || !(isObjectLike(&s) || len(s.OneOf)+len(s.AnyOf)+len(s.AllOf) > 0) || nonNullVariant(&s) != nil {
			continue
		}
		nullable := s.Nullable || (s.Type != nil && s.Type.Includes("null"))
		s.Nullable, s.Title, s.Description, s.Example = false, "", "", nil
		if s.Type != nil {
			var t openapi3.Types
			for _, x := range *s.Type {
				if x != "null" {
					t = append(t, x)
				}
			}
			s.Type = &t
			if len(t) == 0 {
				s.Type = nil
			}
		}
		data, err := json.Marshal(s)
		if err != nil {
			continue // compared by what it encodes to; one that does not encode has no twin
		}
		k := string(data)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], member{name, nullable})
	}
	twins := map[string]string{}
	for _, k := range keys {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		canon := append([]member(nil), g...)
		sort.SliceStable(canon, func(i, j int) bool {
			if canon[i].nullable != canon[j].nullable {
				return !canon[i].nullable
			}
			return len(canon[i].name) < len(canon[j].name)
		})
		for _, m := range g {
			if m.name != canon[0].name {
				twins["#/components/schemas/"+m.name] = "#/components/schemas/" + canon[0].name
			}
		}
	}
	return twins
}
