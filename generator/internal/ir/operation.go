package ir

import (
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

var methods = []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace}

func (b *builder) operations() {
	if b.t.Paths == nil {
		return
	}
	services := map[string]*Service{}
	paths := b.t.Paths.Map()
	for _, path := range sortedKeys(paths) {
		item := paths[path]
		for _, m := range methods {
			op := item.GetOperation(m)
			if op == nil {
				continue
			}
			tag := "Default"
			if len(op.Tags) > 0 && strings.TrimSpace(op.Tags[0]) != "" {
				tag = op.Tags[0]
			}
			ops := b.operation(path, m, item, op)
			if ops == nil {
				continue // skipped: unsupported
			}
			svc := services[tag]
			if svc == nil {
				svc = &Service{Tag: tag}
				services[tag] = svc
			}
			svc.Operations = append(svc.Operations, ops...)
		}
	}
	fieldNames := names.NewUnique("Client")
	for _, tag := range sortedKeys(services) {
		svc := services[tag]
		svc.Field = fieldNames.Take(names.Exported(tag, "Default"))
		svc.TypeName = b.typeNames.Take(svc.Field + "Service")
		svc.Doc = svc.TypeName + " calls the " + tag + " operations."
		for _, t := range b.t.Tags {
			if t.Name == tag && strings.TrimSpace(t.Description) != "" {
				svc.Doc = svc.TypeName + " calls the " + tag + " operations: " + strings.TrimSpace(t.Description)
			}
		}
		sort.Slice(svc.Operations, func(i, j int) bool { return svc.Operations[i].Name < svc.Operations[j].Name })
		methodNames := names.NewUnique()
		for _, o := range svc.Operations {
			o.Name = methodNames.Take(o.Name)
			o.Service = svc
			if o.Params != nil {
				o.Params.TypeName = b.typeNames.Take(o.Name + "Params")
			}
		}
		b.api.Services = append(b.api.Services, svc)
	}
	b.finishErrorSets()
}

// operation models one operation; a request body offered in several kinds
// of media type gives one Operation per kind. Nil when skipped.
func (b *builder) operation(path, method string, item *openapi3.PathItem, op *openapi3.Operation) []*Operation {
	pointer := diag.Pointer("paths", path, strings.ToLower(method))
	id := op.OperationID
	if id == "" {
		id = derivedID(method, path)
	}
	o := &Operation{
		ID:          id,
		Name:        names.Exported(id, "Call"),
		Method:      method,
		Path:        path,
		Summary:     strings.TrimSpace(op.Summary),
		Description: strings.TrimSpace(op.Description),
		Deprecated:  op.Deprecated,
		Pointer:     pointer,
		NoAuth:      op.Security != nil && (len(*op.Security) == 0 || len((*op.Security)[0]) == 0),
		Idempotent:  method != http.MethodPost && method != http.MethodPatch,
	}
	if op.Security != nil && !o.NoAuth {
		o.Security = requirements(*op.Security)
	}
	if len(op.Callbacks) > 0 {
		b.diags.Warnf(b.doc.Pos(op.Origin), pointer+"/callbacks", "callbacks are requests the API sends, not calls a client makes: %s not generated", strings.Join(sortedKeys(op.Callbacks), ", "))
	}
	before := b.problems
	b.params(o, item, op)
	bodies := b.bodies(o, op)
	if len(bodies) > 0 {
		o.Body = bodies[0]
	}
	b.responses(o, op)
	b.paging(o, op)
	if b.problems > before && b.opts.SkipUnsupported {
		b.api.Skipped = append(b.api.Skipped, method+" "+path)
		return nil
	}
	ops := []*Operation{o}
	for _, body := range bodies[min(1, len(bodies)):] {
		// Another request media type: the same call under its own name.
		alt := *o
		alt.Name = o.Name + "With" + names.Pascal(string(body.Kind))
		alt.Body = body
		if o.Params != nil {
			p := *o.Params
			alt.Params = &p
		}
		ops = append(ops, &alt)
	}
	return ops
}

// derivedID names an operation without operationId from its method and
// path: GET /users/{id}/pets → GetUsersIDPets.
func derivedID(method, path string) string {
	var b strings.Builder
	b.WriteString(names.Pascal(strings.ToLower(method)))
	for _, seg := range strings.Split(path, "/") {
		seg = strings.Trim(seg, "{}")
		b.WriteString(names.Pascal(seg))
	}
	return b.String()
}
