package ir

import (
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

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

// operationServer is the base URL of an operation's own servers (its
// first), else its path item's, with variables at their defaults; "" when
// neither declares one. A relative one is warned about and ignored: the
// SDK cannot know what it is relative to.
func (b *builder) operationServer(item *openapi3.PathItem, op *openapi3.Operation, pointer string) string {
	list, ptr := op.Servers, pointer+"/servers/0/url"
	if list == nil || len(*list) == 0 {
		list, ptr = &item.Servers, pointer[:strings.LastIndex(pointer, "/")]+"/servers/0/url"
	}
	if list == nil || len(*list) == 0 || (*list)[0] == nil {
		return ""
	}
	s := (*list)[0]
	u := s.URL
	for _, name := range PathVars(s.URL) {
		if v := s.Variables[name]; v != nil {
			u = strings.ReplaceAll(u, "{"+name+"}", v.Default)
		}
	}
	u = strings.TrimSuffix(u, "/")
	if !strings.Contains(u, "://") {
		b.diags.Warnf(diag.Pos{}, ptr, "server URL %q is relative: the operation uses the client's base URL", s.URL)
		return ""
	}
	return u
}
