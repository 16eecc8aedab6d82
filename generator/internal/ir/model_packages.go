package ir

import "reflect"

// modelPackages decides, split (Options.SplitServices), which models a
// service package declares instead of the models package (Type.Package):
// those that one service's operations reach (their parameters, bodies,
// results, error bodies and pages, through the models these name) and
// nothing else does. A program importing two services then compiles the
// models the two use alone and the shared ones, not every model of the API.
//
// A model stays in the models package when two services reach it, when
// none does (a component no operation uses is still the user's), when a
// model that stays reaches it (the models package cannot import a service
// package), and when it needs the models package's unexported runtime (a
// union, a struct keeping unknown members). No model has the name of a
// service package's own type or constructor (servicePackages).
func (b *builder) modelPackages() {
	api := b.api
	types := make(map[string]*Type, len(api.Types))
	for _, t := range api.Types {
		types[t.Name] = t
	}
	sets := map[string]*ErrorSet{}
	for _, s := range api.ErrorSets {
		sets[s.Name] = s
	}
	refs := func(v any) []string { // the models v names, directly
		var out []string
		namedRefs(reflect.ValueOf(v), map[uintptr]bool{}, func(name string) {
			if types[name] != nil {
				out = append(out, name)
			}
		})
		return out
	}
	typeRefs := make(map[string][]string, len(types))
	for _, t := range api.Types {
		typeRefs[t.Name] = refs(t)
	}
	// closure adds to seen every model reachable from names.
	closure := func(names []string, seen map[string]bool) {
		for len(names) > 0 {
			n := names[len(names)-1]
			names = names[:len(names)-1]
			if seen[n] {
				continue
			}
			seen[n] = true
			names = append(names, typeRefs[n]...)
		}
	}
	reachers := map[string][]*Service{}
	for _, svc := range api.Services {
		var direct []string
		for _, op := range svc.Operations {
			direct = append(direct, refs(op)...)
			if s := sets[op.ErrorSet]; s != nil {
				direct = append(direct, refs(s)...)
			}
		}
		reached := map[string]bool{}
		closure(direct, reached)
		for n := range reached {
			reachers[n] = append(reachers[n], svc)
		}
	}
	var stay []string
	for _, t := range api.Types {
		r := reachers[t.Name]
		switch {
		case len(r) != 1,
			t.Kind != Struct && t.Kind != Enum && t.Kind != Alias,
			t.Extra != nil:
			stay = append(stay, t.Name)
		}
	}
	models := map[string]bool{}
	closure(stay, models)
	for _, t := range api.Types {
		if !models[t.Name] {
			t.Package = reachers[t.Name][0].Package
		}
	}
}

// namedRefs calls found with the name of every named type reference
// (TypeRef of kind Named, element types included) anywhere in v, a
// value of the model, without following an operation's service (its
// other operations are not v's) or a pointer twice. Walking the whole
// value, not a list of the fields that hold types, keeps a field added to
// the model later from being missed.
func namedRefs(v reflect.Value, seen map[uintptr]bool, found func(string)) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		switch v.Type() {
		case reflect.TypeFor[*Service]():
			return
		case reflect.TypeFor[*TypeRef]():
			if v.Elem().FieldByName("Kind").String() == string(Named) {
				found(v.Elem().FieldByName("Name").String())
			}
		}
		namedRefs(v.Elem(), seen, found)
	case reflect.Interface:
		namedRefs(v.Elem(), seen, found)
	case reflect.Struct:
		for i := range v.NumField() {
			namedRefs(v.Field(i), seen, found)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			namedRefs(v.Index(i), seen, found)
		}
	case reflect.Map: // in any order: found collects a set
		for it := v.MapRange(); it.Next(); {
			namedRefs(it.Value(), seen, found)
		}
	}
}
