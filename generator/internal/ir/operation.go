package ir

import (
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

var methods = []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace}

// pathMethods lists the methods item has operations for: the fixed ones
// in the usual order, then OpenAPI 3.2's QUERY and additionalOperations
// (COPY, LINK, ...) sorted.
func pathMethods(item *openapi3.PathItem) []string {
	out := append([]string{}, methods...)
	out = append(out, openapi3.MethodQuery)
	var extra []string
	for m, op := range item.AdditionalOperations {
		if op != nil && !slices.Contains(out, m) {
			extra = append(extra, m)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

func (b *builder) operations() {
	if b.t.Paths == nil {
		return
	}
	services := map[string]*Service{}
	prefixes := map[string]string{} // resource services: the path they cover
	paths := b.t.Paths.Map()
	for _, path := range sortedKeys(paths) {
		item := paths[path]
		for _, m := range pathMethods(item) {
			op := item.GetOperation(m)
			if op == nil {
				continue
			}
			tag, byResource, prefix := b.serviceOf(path, op)
			ops := b.operation(path, m, item, op)
			if ops == nil {
				continue // skipped: unsupported
			}
			if moved := ops[0].moveTo; moved != "" {
				tag, byResource = "\x00"+moved, false
			}
			svc := services[tag]
			if svc == nil {
				svc = &Service{Tag: tag}
				services[tag] = svc
			}
			if byResource {
				prefixes[tag] = prefix
			}
			svc.Operations = append(svc.Operations, ops...)
		}
	}
	fieldNames := names.NewUnique("Client")
	for _, tag := range sortedKeys(services) {
		svc := services[tag]
		field := names.Exported(tag, "Default")
		if moved, ok := strings.CutPrefix(tag, "\x00"); ok {
			// Moved there by the config's naming.operations (Service.Method).
			field = moved
			svc.Tag = moved
		} else if v, ok := b.naming.lookup("services", b.naming.Services, tag); ok {
			field = v
		}
		svc.Field = fieldNames.Take(field)
		svc.TypeName = b.typeNames.Take(svc.Field + "Service")
		svc.Doc = svc.TypeName + " calls the " + svc.Tag + " operations."
		if prefix, ok := prefixes[tag]; ok {
			svc.Doc = svc.TypeName + " calls the operations on " + prefix + "."
		}
		for _, t := range b.t.Tags {
			if t.Name == tag && strings.TrimSpace(t.Description) != "" {
				svc.Doc = svc.TypeName + " calls the " + tag + " operations: " + strings.TrimSpace(t.Description)
			}
		}
		b.nameMethods(svc)
		sort.Slice(svc.Operations, func(i, j int) bool { return svc.Operations[i].Name < svc.Operations[j].Name })
		for _, o := range svc.Operations {
			o.Service = svc
			if o.Params != nil {
				base := o.Name
				if o.typeBase != "" {
					base = o.typeBase
				}
				o.Params.TypeName = b.typeNames.Take(base + "Params")
			}
		}
		b.api.Services = append(b.api.Services, svc)
	}
	b.serverNames()
	b.finishErrorSets()
}

// nameMethods settles the method names of a service. Operations claim
// their names first, then the extra body variants (<Op>With<Kind>); a
// name already taken gets a name saying why it differs before any number:
// a body variant adds "Body" (UpdatePetWithFormBody beside the operation
// updatePetWithForm), an operation its HTTP method and path.
func (b *builder) nameMethods(svc *Service) {
	taken := names.NewUnique()
	for _, variants := range []bool{false, true} {
		for _, o := range svc.Operations {
			if o.variant != variants {
				continue
			}
			if o.method != "" {
				o.typeBase, o.Name = o.Name, o.method
			}
			name := o.Name
			if taken.Has(name) {
				for _, alt := range o.altNames {
					if alt != "" && !taken.Has(alt) {
						name = alt
						break
					}
				}
			}
			o.Name = taken.Take(name)
		}
	}
}

// operation models one operation; a request body offered in several kinds
// of media type gives one Operation per kind. Nil when skipped.
func (b *builder) operation(path, method string, item *openapi3.PathItem, op *openapi3.Operation) []*Operation {
	root, key := "paths", path
	if b.webhook != "" {
		root, key = "webhooks", b.webhook
	}
	pointer := diag.Pointer(root, key, strings.ToLower(method))
	if !slices.Contains(openapi3.PathItemMethods(), method) {
		pointer = diag.Pointer(root, key, "additionalOperations", method) // OpenAPI 3.2
	}
	id := op.OperationID
	if id == "" {
		id = derivedID(method, path)
	}
	name, method2, moveTo, alts := b.operationName(id, method, path, op, pointer)
	o := &Operation{
		ID:          id,
		Name:        name,
		method:      method2,
		moveTo:      moveTo,
		altNames:    alts,
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
	o.Server = b.operationServer(item, op, pointer)
	if len(op.Callbacks) > 0 {
		b.diags.Warnf(b.doc.Pos(op.Origin), pointer+"/callbacks", "callbacks are requests the API sends, not calls a client makes: %s not generated", quoteList(sortedKeys(op.Callbacks)))
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
		alt.Name = o.Name + "With" + bodySuffix(body)
		alt.variant = true
		alt.altNames = []string{alt.Name + "Body"}
		if o.method != "" {
			alt.method = o.method + "With" + bodySuffix(body)
			alt.altNames = []string{alt.method + "Body"}
		}
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
