package ir

import (
	"fmt"
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

// auth decides which credentials NewClient takes: the schemes of the
// top-level security requirement when there is exactly one (with
// alternatives none is required). Every other scheme gets a With<Scheme>
// option.
func (b *builder) auth() {
	if b.t.Components == nil {
		return
	}
	required := map[string]bool{}
	if len(b.t.Security) == 1 {
		for s := range b.t.Security[0] {
			required[s] = true
		}
	}
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
			case "basic":
				a.ArgName, a.ArgName2 = argNames.Take("username"), argNames.Take("password")
			default:
				a.ArgName = argNames.Take(names.Camel(scheme))
			}
			b.api.Auth = append(b.api.Auth, &a)
		}
	}
}
