package ir

import (
	"fmt"
	"sort"
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/names"
)

// inlineType is an enum, union or struct type built from an inline schema
// below a body or response (a field's, an item's, a variant's, a
// parameter's), with the references that name it: one per inline schema
// it stands for, every use of which holds that reference.
type inlineType struct {
	refs []*TypeRef
	typ  *Type
}

// noteInline records the type named() just built for shareTypes.
func (b *builder) noteInline(tr *TypeRef, top bool) {
	if !b.opts.ShareTypes || top {
		return
	}
	for i := len(b.api.Types) - 1; i >= 0; i-- {
		if t := b.api.Types[i]; t.Name == tr.Name {
			switch t.Kind {
			case Enum, Union, Struct:
				b.inlineTypes = append(b.inlineTypes, &inlineType{[]*TypeRef{tr}, t})
			}
			return
		}
	}
}

// shapeKey is what makes two types the same Go type: for an enum its base
// and values, in order; for a union its variants (Go type, accessor name
// and how each is recognised) and discriminator; for a struct its fields,
// docs included (so no member loses a word of its documentation), and
// additional properties.
func shapeKey(t *Type) string {
	var sb strings.Builder
	sb.WriteString(string(t.Kind))
	switch t.Kind {
	case Union:
		fmt.Fprintf(&sb, "|%v|%q", t.AnyOf, t.Discriminator)
		for _, v := range t.Variants {
			fmt.Fprintf(&sb, "|%s %s %q %q %q", v.Type.String(), v.Name, v.Kinds, v.Required, v.Values)
		}
	case Struct:
		if t.Extra != nil {
			fmt.Fprintf(&sb, "|extra %s %s", t.Extra.String(), t.ExtraField)
		}
		for _, f := range t.Fields {
			fmt.Fprintf(&sb, "|%s %s %s %v %v %v %v %s %v %v %v %q %q", f.Name, f.JSONName, f.Type.String(), f.Required, f.Nullable, f.Pointer, f.Wrapped, f.Omit, f.ReadOnly, f.WriteOnly, f.Deprecated, f.Doc, fmt.Sprint(f.Example))
		}
	default:
		sb.WriteString(t.Base.String())
		for _, v := range t.Values {
			fmt.Fprintf(&sb, "|%T:%v", v.Value, v.Value)
		}
	}
	return sb.String()
}

// shareTypes (Options.ShareTypes) turns the inline enums with the same
// base and values (Stripe's setup_future_usage: [none, off_session,
// on_session] in 196 places), the inline structs with the same fields
// (Stripe's address, dob, created range) and the inline unions with the
// same variants (Stripe's expandable customer: [string, Customer,
// DeletedCustomer]), each into one type, named after what their names
// share: the longest run of words all of them end with
// (CheckoutAcssDebitPaymentMethodOptionsSetupFutureUsage and
// PaymentIntentCardOptionsSetupFutureUsage → SetupFutureUsage). The name
// depends only on the names of the group's members, not on the order the
// spec lists them, so the spec adding or removing an unrelated schema does
// not rename it. A group whose names share no word, or whose name is
// already another type's or another group's, adds its first values,
// variants or fields (up to four: SetupFutureUsageNoneOffSession,
// CustomerStringCustomer); if that too is taken the group stays apart.
// Request and response bodies keep their own types. Sharing repeats until
// nothing changes, as shared members make their owners alike.
func (b *builder) shareTypes() {
	for round := 0; round < 8; round++ {
		merged := b.shareKind(Enum)
		for _, e := range b.inlineTypes {
			if e.typ.Kind == Union {
				// Accessors are named after their variants' types, some of
				// which sharing renamed (as unionType names them).
				used := names.NewUnique()
				for _, v := range e.typ.Variants {
					v.Name = used.Take(variantName(v.Type))
				}
			}
		}
		merged += b.shareKind(Struct)
		merged += b.shareKind(Union)
		if merged == 0 {
			return
		}
	}
}

// shareKind merges the groups of one kind and returns how many types it
// removed.
func (b *builder) shareKind(kind TypeKind) int {
	groups := map[string][]*inlineType{}
	var keys []string
	for _, e := range b.inlineTypes {
		if e.typ.Kind != kind {
			continue
		}
		k := shapeKey(e.typ)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], e)
	}
	type plan struct {
		members []*inlineType
		name    string
	}
	var plans []*plan
	count := map[string]int{}
	for _, k := range keys {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		sort.Slice(g, func(i, j int) bool { return g[i].typ.Name < g[j].typ.Name })
		p := &plan{members: g, name: commonSuffix(g)}
		plans = append(plans, p)
		count[p.name]++
	}
	memberName := map[string]bool{}
	for _, p := range plans {
		for _, m := range p.members {
			memberName[m.typ.Name] = true
		}
	}
	// A name is free when no type outside the groups holds it.
	free := func(name string) bool { return !b.typeNames.Has(name) || memberName[name] }
	claimed := map[string]bool{}
	removed := map[*Type]bool{}
	for _, p := range plans {
		name := p.name
		if name == "" || count[name] > 1 || !free(name) {
			name = p.name + shapeWords(p.members[0].typ)
		}
		if name == "" || !free(name) || claimed[name] || !isExportedIdent(name) {
			continue
		}
		claimed[name] = true
		b.merge(name, p.members, removed)
	}
	if len(removed) == 0 {
		return 0
	}
	kept := b.api.Types[:0]
	for _, t := range b.api.Types {
		if !removed[t] {
			kept = append(kept, t)
		}
	}
	b.api.Types = kept
	live := b.inlineTypes[:0]
	for _, e := range b.inlineTypes {
		if !removed[e.typ] {
			live = append(live, e)
		}
	}
	b.inlineTypes = live
	return len(removed)
}

// merge makes one member the group's type, called name, and points every
// member's references at it.
func (b *builder) merge(name string, members []*inlineType, removed map[*Type]bool) {
	keep := members[0]
	// The member already called name keeps its constants' names.
	for _, m := range members {
		if m.typ.Name == name {
			keep = m
		}
	}
	docs := map[string]bool{}
	for _, m := range members {
		docs[strings.Replace(m.typ.Doc, m.typ.Name, name, 1)] = true
	}
	kt := keep.typ
	if kt.Name != name {
		b.typeNames.Take(name)
		for i, v := range kt.Values {
			kt.Values[i].Const = b.typeNames.Take(name + strings.TrimPrefix(v.Const, kt.Name))
		}
		kt.Name = name
	}
	if len(docs) == 1 {
		for d := range docs {
			kt.Doc = d
		}
	} else {
		what := map[TypeKind]string{Enum: "enums with these values", Union: "unions of these variants", Struct: "objects with these fields"}[kt.Kind]
		kt.Doc = fmt.Sprintf("%s is the type of %d inline %s.", name, len(members), what)
	}
	for _, m := range members {
		for _, r := range m.refs {
			r.Name = name
		}
		if m != keep {
			keep.refs = append(keep.refs, m.refs...)
			removed[m.typ] = true
		}
	}
}

// commonSuffix is the longest run of words every member's name ends with.
func commonSuffix(members []*inlineType) string {
	suffix := names.Words(members[0].typ.Name)
	for _, m := range members[1:] {
		w := names.Words(m.typ.Name)
		n := 0
		for n < len(suffix) && n < len(w) && suffix[len(suffix)-1-n] == w[len(w)-1-n] {
			n++
		}
		suffix = suffix[len(suffix)-n:]
	}
	return strings.Join(suffix, "")
}

// shapeWords names a type by its first values (NoneOffSessionOnSession),
// variants (StringCustomer) or fields (CityCountryLine1Line2).
func shapeWords(t *Type) string {
	var w []string
	for _, v := range t.Values {
		w = append(w, strings.TrimPrefix(v.Const, t.Name))
	}
	for _, v := range t.Variants {
		w = append(w, v.Name)
	}
	for _, f := range t.Fields {
		w = append(w, f.Name)
	}
	if len(w) > 4 {
		w = w[:4]
	}
	return strings.Join(w, "")
}

// shareParams (Options.ShareTypes) gives the operations whose optional
// parameters are the same (name, location, encoding, Go type and doc of
// each, in order; Kubernetes' 997 Params structs are 18 shapes) one Params
// struct, named after the words their names end with, else after its
// first fields (AllowWatchBookmarksContinueFieldSelectorParams), on the
// same rules as shareTypes. Params.Ops lists the operations sharing it.
func (b *builder) shareParams() {
	groups := map[string][]*Operation{}
	var keys []string
	for _, svc := range b.api.Services {
		for _, op := range svc.Operations {
			if op.Params == nil {
				continue
			}
			var sb strings.Builder
			for _, p := range op.Params.Fields {
				fmt.Fprintf(&sb, "|%s %s %s %s %v %s %v %v %v %s %q %q", p.Name, p.In, p.GoName, p.ArgName, p.Required, p.Style, p.Explode, p.AllowReserved, p.JSON, p.Type.String(), p.Doc, fmt.Sprint(p.Example))
			}
			k := sb.String()
			if _, ok := groups[k]; !ok {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], op)
		}
	}
	type plan struct {
		ops  []*Operation
		name string
	}
	var plans []*plan
	count := map[string]int{}
	member := map[string]bool{}
	for _, k := range keys {
		ops := groups[k]
		if len(ops) < 2 {
			continue
		}
		sort.Slice(ops, func(i, j int) bool { return ops[i].Params.TypeName < ops[j].Params.TypeName })
		suffix := names.Words(ops[0].Params.TypeName)
		for _, op := range ops[1:] {
			w := names.Words(op.Params.TypeName)
			n := 0
			for n < len(suffix) && n < len(w) && suffix[len(suffix)-1-n] == w[len(w)-1-n] {
				n++
			}
			suffix = suffix[len(suffix)-n:]
		}
		name := strings.Join(suffix, "")
		if name == "Params" {
			name = ""
		}
		p := &plan{ops: ops, name: name}
		plans = append(plans, p)
		count[name]++
		for _, op := range ops {
			member[op.Params.TypeName] = true
		}
	}
	free := func(name string) bool { return !b.typeNames.Has(name) || member[name] }
	claimed := map[string]bool{}
	for _, p := range plans {
		name := p.name
		if name == "" || count[name] > 1 || !free(name) {
			var w []string
			for _, f := range p.ops[0].Params.Fields {
				w = append(w, f.GoName)
			}
			if len(w) > 4 {
				w = w[:4]
			}
			name = strings.TrimSuffix(p.name, "Params") + strings.Join(w, "") + "Params"
		}
		if !free(name) || claimed[name] || !isExportedIdent(name) {
			continue
		}
		claimed[name] = true
		if !member[name] {
			b.typeNames.Take(name)
		}
		shared := &Params{TypeName: name, Fields: p.ops[0].Params.Fields}
		for _, op := range p.ops {
			op.Params = shared
			shared.Ops = append(shared.Ops, op.Service.Field+"."+op.Name)
		}
		sort.Strings(shared.Ops)
	}
}
