package ir

import (
	"slices"
	"strconv"
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

func (b *builder) servers() {
	used := names.NewUnique()
	for i, s := range b.t.Servers {
		word := ""
		if f := strings.Fields(s.Description); len(f) > 0 {
			word = names.Pascal(f[0])
		}
		if word == "" {
			word = strconv.Itoa(i + 1)
		}
		u := s.URL
		srv := &Server{Const: used.Take("Server" + word), Description: strings.TrimSpace(s.Description)}
		args := names.NewUnique()
		for _, name := range PathVars(s.URL) {
			v := s.Variables[name]
			if v == nil || slices.ContainsFunc(srv.Vars, func(x *ServerVar) bool { return x.Name == name }) {
				continue
			}
			u = strings.ReplaceAll(u, "{"+name+"}", v.Default)
			srv.Vars = append(srv.Vars, &ServerVar{Name: name, ArgName: args.Take(names.Camel(name)), Default: v.Default, Enum: v.Enum, Doc: strings.TrimSpace(v.Description)})
		}
		srv.URL = strings.TrimSuffix(u, "/")
		if !strings.Contains(srv.URL, "://") {
			srv.Relative = true
			if i == 0 {
				// A relative server is relative to wherever the spec was
				// served from, which the SDK cannot know.
				b.api.BaseURLRequired = true
				b.diags.Warnf(diag.Pos{}, "/servers/0/url", "server URL %q is relative: the client has no default base URL, so NewClient takes the API's absolute URL as its first argument (e.g. \"https://api.example.com%s\")", s.URL, strings.TrimSuffix(srv.URL, "/"))
			}
		}
		if len(srv.Vars) > 0 {
			srv.Template = strings.TrimSuffix(s.URL, "/")
			srv.Func = b.typeNames.Take(srv.Const + "URL")
		}
		b.api.Servers = append(b.api.Servers, srv)
	}
}
