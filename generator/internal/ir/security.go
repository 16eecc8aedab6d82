package ir

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

// auth decides which credentials NewClient takes: the schemes every
// operation needs, whichever of its alternatives is used (for an API with a
// single top-level requirement and no overrides, that requirement's
// schemes). Every other scheme gets a With<Scheme> option.
func (b *builder) auth() {
	b.api.Security = requirements(b.t.Security)
	if b.t.Components == nil {
		return
	}
	required := b.alwaysRequired()
	argNames := names.NewUnique("opts")
	schemes := b.t.Components.SecuritySchemes
	for _, scheme := range sortedKeys(schemes) {
		ref := schemes[scheme]
		if ref == nil || ref.Value == nil {
			continue
		}
		s := ref.Value
		arg := &AuthArg{Scheme: scheme, Doc: strings.TrimSpace(s.Description)}
		switch {
		case s.Type == "apiKey":
			arg.Kind, arg.In, arg.Name = "apiKey", s.In, s.Name
		case s.Type == "http" && strings.EqualFold(s.Scheme, "bearer"):
			arg.Kind, arg.In, arg.Name = "bearer", "header", "Authorization"
		case s.Type == "http" && strings.EqualFold(s.Scheme, "basic"):
			arg.Kind, arg.In, arg.Name = "basic", "header", "Authorization"
		case s.Type == "http" && strings.EqualFold(s.Scheme, "digest"):
			arg.Kind, arg.In, arg.Name = "digest", "header", "Authorization"
		case s.Type == "oauth2" || s.Type == "openIdConnect":
			arg.Kind, arg.In, arg.Name = "oauth2", "header", "Authorization"
		default:
			b.diags.Warnf(b.doc.Pos(s.Origin), diag.Pointer("components", "securitySchemes", scheme),
				"security scheme %q (type %q) is not supported: supply it with WithHTTPClient and a RoundTripper", scheme, s.Type+" "+s.Scheme)
			continue
		}
		if arg.Doc == "" {
			arg.Doc = fmt.Sprintf("sent as the %s %s %q", arg.Kind, arg.In, arg.Name)
		}
		if !required[scheme] {
			arg.Option = b.typeNames.Take("With" + names.Exported(scheme, "Auth"))
			b.api.AuthOptions = append(b.api.AuthOptions, arg)
		} else {
			a := *arg
			switch a.Kind {
			case "basic", "digest":
				a.ArgName, a.ArgName2 = argNames.Take("username"), argNames.Take("password")
			default:
				a.ArgName = argNames.Take(names.Camel(scheme))
			}
			b.api.Auth = append(b.api.Auth, &a)
		}
	}
}

// requirements is a security requirement list as sorted scheme-name lists,
// in the spec's order of alternatives.
func requirements(reqs openapi3.SecurityRequirements) [][]string {
	out := make([][]string, 0, len(reqs))
	for _, r := range reqs {
		out = append(out, sortedKeys(r))
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// alwaysRequired is the set of schemes that every operation needs in every
// one of its alternatives. An operation open to anonymous calls (security
// [] or an empty alternative) makes it empty.
func (b *builder) alwaysRequired() map[string]bool {
	var required map[string]bool
	need := func(reqs openapi3.SecurityRequirements) {
		for _, r := range reqs {
			if required == nil {
				required = map[string]bool{}
				for s := range r {
					required[s] = true
				}
				continue
			}
			for s := range required {
				if _, ok := r[s]; !ok {
					delete(required, s)
				}
			}
		}
		if len(reqs) == 0 {
			required = map[string]bool{}
		}
	}
	ops := 0
	if b.t.Paths != nil {
		for _, item := range b.t.Paths.Map() {
			if item == nil {
				continue
			}
			for _, op := range item.Operations() {
				ops++
				if op.Security != nil {
					need(*op.Security)
				} else {
					need(b.t.Security)
				}
			}
		}
	}
	if ops == 0 {
		need(b.t.Security)
	}
	return required
}
