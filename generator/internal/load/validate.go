package load

import (
	"context"

	"github.com/getkin/kin-openapi/openapi3"
)

// validate is (*openapi3.T).Validate, made linear in the size of the
// document: kin-openapi validates every schema reached from each
// component, parameter and media type afresh (one visited set per
// top-level schema), so a spec whose responses all reach one large graph
// of shared schemas, like Stripe's, validates that graph once per
// response (6 of 8 s of a Stripe generation).
//
// The fast path validates every schema of the document once, as one
// traversal with one visited set, then the rest of the document with each
// top-level schema replaced by an empty one (same $ref and extensions, so
// what kin-openapi checks of the reference itself still runs). Both halves
// apply the same checks the full validation applies, so the fast path
// accepts exactly the documents the full one accepts, as long as nothing
// outside a schema is validated against that schema: the options must
// disable examples validation (load's do). When the fast path finds any
// problem, the full validation runs, so the errors and their wording are
// kin-openapi's own, wrapped by section as before.
func validate(t *openapi3.T, opts ...openapi3.ValidationOption) error {
	ctx := context.Background()
	if fastValidate(ctx, t, opts) == nil {
		return nil
	}
	return t.Validate(ctx, opts...)
}

func fastValidate(ctx context.Context, t *openapi3.T, opts []openapi3.ValidationOption) (err error) {
	s := stubber{seen: map[**openapi3.SchemaRef]bool{}}
	defer s.restore()
	s.document(t)
	schemaOpts := append([]openapi3.ValidationOption(nil), opts...)
	if t.IsOpenAPI31OrLater() {
		schemaOpts = append(schemaOpts, openapi3.IsOpenAPI31OrLater())
	}
	if t.IsOpenAPI32OrLater() {
		schemaOpts = append(schemaOpts, openapi3.IsOpenAPI32OrLater())
	}
	root := &openapi3.Schema{AllOf: s.schemas}
	if err := root.Validate(ctx, schemaOpts...); err != nil {
		return err
	}
	return t.Validate(ctx, opts...)
}

// stubber swaps every top-level schema kin-openapi validates (a component schema
// or the schema of a parameter, header or media type) for a copy of its
// reference with an empty value, keeping the originals to validate in one
// pass and to put back.
type stubber struct {
	seen    map[**openapi3.SchemaRef]bool
	schemas openapi3.SchemaRefs
	undo    []func()
	empty   openapi3.Schema
}

func (s *stubber) restore() {
	for i := len(s.undo) - 1; i >= 0; i-- {
		s.undo[i]()
	}
}

func (s *stubber) stub(p **openapi3.SchemaRef) {
	orig := *p
	if orig == nil || orig.Value == nil || s.seen[p] {
		return
	}
	s.seen[p] = true
	c := *orig
	c.Value = &s.empty
	*p = &c
	s.schemas = append(s.schemas, orig)
	s.undo = append(s.undo, func() { *p = orig })
}

func (s *stubber) document(t *openapi3.T) {
	if c := t.Components; c != nil {
		for k := range c.Schemas {
			ref := c.Schemas[k]
			if ref == nil || ref.Value == nil {
				continue
			}
			c2 := *ref
			c2.Value = &s.empty
			s.schemas = append(s.schemas, ref)
			c.Schemas[k] = &c2
			s.undo = append(s.undo, func() { c.Schemas[k] = ref })
		}
		for _, p := range c.Parameters {
			s.parameterRef(p)
		}
		for _, h := range c.Headers {
			s.headerRef(h)
		}
		for _, b := range c.RequestBodies {
			if b != nil && b.Value != nil {
				s.content(b.Value.Content)
			}
		}
		for _, r := range c.Responses {
			s.responseRef(r)
		}
		for _, cb := range c.Callbacks {
			s.callbackRef(cb)
		}
	}
	if t.Paths != nil {
		for _, item := range t.Paths.Map() {
			s.pathItem(item)
		}
	}
	for _, item := range t.Webhooks {
		s.pathItem(item)
	}
}

func (s *stubber) pathItem(item *openapi3.PathItem) {
	if item == nil {
		return
	}
	for _, p := range item.Parameters {
		s.parameterRef(p)
	}
	for _, op := range item.Operations() {
		if op == nil {
			continue
		}
		for _, p := range op.Parameters {
			s.parameterRef(p)
		}
		if b := op.RequestBody; b != nil && b.Value != nil {
			s.content(b.Value.Content)
		}
		if op.Responses != nil {
			for _, r := range op.Responses.Map() {
				s.responseRef(r)
			}
		}
		// An operation's callbacks are not validated by kin-openapi
		// (components' are), so they are left as they are.
	}
}

func (s *stubber) callbackRef(cb *openapi3.CallbackRef) {
	if cb == nil || cb.Value == nil {
		return
	}
	for _, item := range cb.Value.Map() {
		s.pathItem(item)
	}
}

func (s *stubber) responseRef(r *openapi3.ResponseRef) {
	if r == nil || r.Value == nil {
		return
	}
	for _, h := range r.Value.Headers {
		s.headerRef(h)
	}
	s.content(r.Value.Content)
}

func (s *stubber) parameterRef(p *openapi3.ParameterRef) {
	if p == nil || p.Value == nil {
		return
	}
	s.stub(&p.Value.Schema)
	s.content(p.Value.Content)
}

func (s *stubber) headerRef(h *openapi3.HeaderRef) {
	if h == nil || h.Value == nil {
		return
	}
	s.stub(&h.Value.Schema)
	s.content(h.Value.Content)
}

func (s *stubber) content(c openapi3.Content) {
	for _, mt := range c {
		if mt == nil {
			continue
		}
		s.stub(&mt.Schema)
		s.stub(&mt.ItemSchema)
		for _, e := range mt.Encoding {
			if e == nil {
				continue
			}
			for _, h := range e.Headers {
				s.headerRef(h)
			}
		}
	}
}
