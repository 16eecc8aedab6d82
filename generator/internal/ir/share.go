package ir

import (
	"fmt"
	"sort"
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/names"
)

// inlineEnum is an enum type built from an inline schema, with the one
// reference every use of that schema holds.
type inlineEnum struct {
	ref *TypeRef
	typ *Type
}

// noteInlineEnum records an inline schema's enum or union type for
// shareEnums.
func (b *builder) noteInlineEnum(tr *TypeRef) {
	if !b.opts.ShareEnums {
		return
	}
	for i := len(b.api.Types) - 1; i >= 0; i-- {
		if t := b.api.Types[i]; t.Name == tr.Name {
			if t.Kind == Enum || t.Kind == Union {
				b.inlineEnums = append(b.inlineEnums, inlineEnum{tr, t})
			}
			return
		}
	}
}

// shapeKey is what makes two enum or union types the same Go type: for
// an enum its base and values, in order; for a union its variants (Go
// type, accessor name and how each is recognised) and discriminator.
func shapeKey(t *Type) string {
	var sb strings.Builder
	sb.WriteString(string(t.Kind))
	if t.Kind == Union {
		fmt.Fprintf(&sb, "|%v|%q", t.AnyOf, t.Discriminator)
		for _, v := range t.Variants {
			fmt.Fprintf(&sb, "|%s %s %q %q %q", v.Type.String(), v.Name, v.Kinds, v.Required, v.Values)
		}
		return sb.String()
	}
	sb.WriteString(t.Base.String())
	for _, v := range t.Values {
		fmt.Fprintf(&sb, "|%T:%v", v.Value, v.Value)
	}
	return sb.String()
}

// shareEnums (Options.ShareEnums) turns the inline enums with the same
// base and values (Stripe's setup_future_usage: [none, off_session,
// on_session] in 196 places), then the inline unions with the same
// variants (Stripe's expandable customer: [string, Customer,
// DeletedCustomer]), each into one type, named after what their names
// share: the longest run of words all of them end with
// (CheckoutAcssDebitPaymentMethodOptionsSetupFutureUsage and
// PaymentIntentCardOptionsSetupFutureUsage → SetupFutureUsage). The name
// depends only on the names of the group's members, not on the order the
// spec lists them, so the spec adding or removing an unrelated schema does
// not rename it. A group whose names share no word, or whose name is
// already another type's or another group's, adds its first values
// (up to four: SetupFutureUsageNoneOffSession, CustomerStringCustomer); if that too is taken the group stays
// apart. Every use of a member holds its one TypeRef, so renaming that
// reference moves every use.
func (b *builder) shareEnums() {
	// Enums first: unions whose variants are enums then compare equal.
	b.shareKind(Enum)
	for _, e := range b.inlineEnums {
		if e.typ.Kind == Union {
			// Accessors are named after their variants' types, some of
			// which the enums' sharing renamed (as unionType names them).
			used := names.NewUnique()
			for _, v := range e.typ.Variants {
				v.Name = used.Take(variantName(v.Type))
			}
		}
	}
	b.shareKind(Union)
}

func (b *builder) shareKind(kind TypeKind) {
	groups := map[string][]inlineEnum{}
	var keys []string
	for _, e := range b.inlineEnums {
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
		members []inlineEnum
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
			name = p.name + valueWords(p.members[0].typ)
		}
		if name == "" || !free(name) || claimed[name] || !isExportedIdent(name) {
			continue
		}
		claimed[name] = true
		b.mergeEnums(name, p.members, removed)
	}
	if len(removed) > 0 {
		kept := b.api.Types[:0]
		for _, t := range b.api.Types {
			if !removed[t] {
				kept = append(kept, t)
			}
		}
		b.api.Types = kept
	}
}

// mergeEnums makes the first member the group's type, called name, and
// points every member's reference at it.
func (b *builder) mergeEnums(name string, members []inlineEnum, removed map[*Type]bool) {
	keep := members[0].typ
	// The member already called name keeps its constants' names.
	for _, m := range members {
		if m.typ.Name == name {
			keep = m.typ
		}
	}
	docs := map[string]bool{}
	for _, m := range members {
		docs[strings.Replace(m.typ.Doc, m.typ.Name, name, 1)] = true
	}
	if keep.Name != name {
		b.typeNames.Take(name)
		for i, v := range keep.Values {
			keep.Values[i].Const = b.typeNames.Take(name + strings.TrimPrefix(v.Const, keep.Name))
		}
		keep.Name = name
	}
	if len(docs) == 1 {
		for d := range docs {
			keep.Doc = d
		}
	} else {
		what := "enums with these values"
		if keep.Kind == Union {
			what = "unions of these variants"
		}
		keep.Doc = fmt.Sprintf("%s is the type of %d inline %s.", name, len(members), what)
	}
	for _, m := range members {
		m.ref.Name = name
		if m.typ != keep {
			removed[m.typ] = true
		}
	}
}

// commonSuffix is the longest run of words every member's name ends with.
func commonSuffix(members []inlineEnum) string {
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

// valueWords names an enum by its first values (NoneOffSessionOnSession),
// a union by its variants (StringCustomer).
func valueWords(t *Type) string {
	var sb strings.Builder
	for i, v := range t.Values {
		if i == 4 {
			break
		}
		sb.WriteString(strings.TrimPrefix(v.Const, t.Name))
	}
	for i, v := range t.Variants {
		if i == 4 {
			break
		}
		sb.WriteString(v.Name)
	}
	return sb.String()
}
