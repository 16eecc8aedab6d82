package ir

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

// IsJSON reports whether a media type carries JSON (application/json or any
// +json suffix).
func IsJSON(mt string) bool {
	mt = strings.ToLower(strings.TrimSpace(strings.Split(mt, ";")[0]))
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "text/json"
}

// Body kinds in order of preference: an operation's method takes the first
// its request body offers; each other kind gets a method of its own.
var bodyKinds = []string{"json", "form", "multipart", "text", "binary"}

// bodyKind classifies a request media type.
func bodyKind(mt string) string {
	base := strings.ToLower(strings.TrimSpace(strings.Split(mt, ";")[0]))
	switch {
	case IsJSON(base):
		return "json"
	case base == "application/x-www-form-urlencoded":
		return "form"
	case base == "multipart/form-data" || base == "multipart/mixed":
		return "multipart"
	case strings.HasPrefix(base, "text/"):
		return "text"
	}
	return "binary" // octet-stream, images, XML...: the caller's bytes
}

// bodies returns the operation's request bodies, one per kind, preferred
// first. Media types of the same kind after the first are not offered.
func (b *builder) bodies(o *Operation, op *openapi3.Operation) []*Body {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	rb := op.RequestBody.Value
	ptr := o.Pointer + "/requestBody"
	byKind := map[string]string{}
	for _, mt := range sortedKeys(rb.Content) {
		if k := bodyKind(mt); byKind[k] == "" {
			byKind[k] = mt
		}
	}
	var out []*Body
	for _, kind := range bodyKinds {
		mt := byKind[kind]
		if mt == "" {
			continue
		}
		media := rb.Content[mt]
		if media == nil {
			media = &openapi3.MediaType{}
		}
		if kind == "form" && carriesNothing(media.Schema) {
			continue // no argument for a body that can only be empty
		}
		sptr := ptr + "/content/" + escapeToken(mt) + "/schema"
		body := &Body{ContentType: mt, Kind: BodyKind(kind), Required: rb.Required, Doc: strings.TrimSpace(rb.Description)}
		ctx := o.Name + "Request"
		if len(out) > 0 {
			ctx = o.Name + names.Pascal(kind) + "Request"
		}
		switch kind {
		case "json", "form":
			b.topLevel = true
			body.Type = b.schemaType(media.Schema, ctx, sptr)
			b.topLevel = false
			body.Check = b.checkRef(media.Schema, sptr)
			if kind == "form" && body.Type.Kind != Named && body.Type.Kind != Map {
				body.Type = &TypeRef{Kind: Map, Elem: &TypeRef{Kind: Builtin, Name: "any"}}
			}
		case "multipart":
			other := ""
			for _, k := range bodyKinds {
				if k != kind && byKind[k] != "" && (k != "form" || !carriesNothing(rb.Content[byKind[k]].Schema)) {
					other = byKind[k]
					break
				}
			}
			body.Type = b.multipartType(ctx, sptr, media.Schema, other)
			if body.Type == nil {
				continue
			}
			body.Required = true // a struct value; its fields say what is sent
		case "text":
			body.Type = &TypeRef{Kind: Builtin, Name: "string"}
			body.Required = true
			if isXML(mt) && media.Schema != nil && media.Schema.Ref != "" && media.Schema.Value != nil {
				body.XMLType = b.schemaType(media.Schema, ctx, sptr) // see below
			}
			if sc := media.Schema; !isXML(mt) && sc != nil && sc.Value != nil && textScalar(sc.Value) {
				body.TextType = b.schemaType(sc, ctx, sptr)
				body.Check = b.checkRef(sc, sptr)
			} else if !isXML(mt) && sc != nil && sc.Value != nil && len(sc.Value.Enum) > 0 {
				if t := scalarBuiltin(sc.Value); t != nil {
					// An enum of text: the example is one of its values
					// (the body stays a string; no Go enum type for it).
					body.TextType, body.Check = t, b.check(sc.Value, sptr)
				}
			}
		default:
			body.Type = &TypeRef{Kind: Builtin, Pkg: "io", Name: "Reader"}
			if isXML(mt) && media.Schema != nil && media.Schema.Ref != "" && media.Schema.Value != nil {
				// The schema's model (a component, generated anyway), so
				// examples can write a document of it.
				body.XMLType = b.schemaType(media.Schema, ctx, sptr)
			}
		}
		if kind == "form" || kind == "multipart" {
			body.Encoding = bodyEncoding(media.Encoding)
		}
		if kind == "multipart" {
			b.objectPartsAsJSON(body, media.Schema, sptr, ptr+"/content/"+escapeToken(mt)+"/encoding")
		}
		out = append(out, body)
	}
	return out
}

// textScalar reports whether a text body's schema is a plain scalar
// (string, number, integer or boolean, no enum or composition), which
// needs no Go type of its own and whose value is written as text.
func textScalar(s *openapi3.Schema) bool {
	if s.Type == nil || len(s.Type.Slice()) != 1 || len(s.Enum) > 0 || len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0 || s.Not != nil {
		return false
	}
	switch s.Type.Slice()[0] {
	case "string":
		return s.Format != "binary" && s.Format != "byte"
	case "number", "integer", "boolean":
		return true
	}
	return false
}

// scalarBuiltin is the Go builtin of a schema of one scalar type without
// composition (nil otherwise).
func scalarBuiltin(s *openapi3.Schema) *TypeRef {
	if s.Type == nil || len(s.Type.Slice()) != 1 || len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0 || s.Not != nil {
		return nil
	}
	name := map[string]string{"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}[s.Type.Slice()[0]]
	if name == "" {
		return nil
	}
	return &TypeRef{Kind: Builtin, Name: name}
}

// carriesNothing reports whether a form body's schema admits only the
// empty object: no properties (after allOf) and additionalProperties
// false, as on a GET or DELETE whose spec declares an empty form.
func carriesNothing(ref *openapi3.SchemaRef) bool {
	if ref == nil || ref.Value == nil {
		return false
	}
	s := ref.Value
	if len(s.Properties) > 0 || len(s.AnyOf) > 0 || len(s.OneOf) > 0 {
		return false
	}
	for _, a := range s.AllOf {
		if !carriesNothing(a) {
			return false
		}
	}
	ap := s.AdditionalProperties
	return ap.Has != nil && !*ap.Has && ap.Schema == nil
}

// isXML reports whether a media type carries XML.
func isXML(mt string) bool {
	mt = strings.ToLower(strings.TrimSpace(strings.Split(mt, ";")[0]))
	return mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml")
}

// bodyEncoding records a media type's Encoding Object, sorted by property.
func bodyEncoding(enc map[string]*openapi3.Encoding) []*PropertyEncoding {
	var out []*PropertyEncoding
	for _, name := range sortedKeys(enc) {
		e := enc[name]
		if e == nil {
			continue
		}
		pe := &PropertyEncoding{Property: name, ContentType: e.ContentType, Style: e.Style,
			Explode: e.Explode, AllowReserved: e.AllowReserved, Headers: sortedKeys(e.Headers)}
		out = append(out, pe)
	}
	return out
}

// objectPartsAsJSON decides how an object part whose encoding contentType
// is not JSON is sent: as application/json (the default content type of
// an object part), with a warning. A part that is an object, or an array
// of objects or arrays (one part per item), has no other text the
// runtime can write: XML and other media types are not generated, and a
// nested multipart part (OpenAPI 3.2: an Encoding Object's contentType
// multipart/*, with its own encoding) is not supported. Without this
// decision every call would fail at runtime. Parts with a style are
// written per key, whatever their contentType, and keep it.
func (b *builder) objectPartsAsJSON(body *Body, schema *openapi3.SchemaRef, sptr, eptr string) {
	if schema == nil || schema.Value == nil {
		return
	}
	props, _ := b.flatten(schema.Value, sptr)
	byName := map[string]*openapi3.SchemaRef{}
	for _, p := range props {
		byName[p.name] = p.ref
	}
	for _, pe := range body.Encoding {
		ct := firstMedia(pe.ContentType)
		if ct == "" || pe.Style != "" || isJSONMediaType(ct) || !objectPart(byName[pe.Property]) {
			continue
		}
		pointer := eptr + "/" + escapeToken(pe.Property) + "/contentType"
		b.diags.Warnf(b.doc.Locate(pointer), pointer, "multipart part %q: an object cannot be sent as %s (nested multipart and non-JSON object parts are not supported); it is sent as application/json", pe.Property, ct)
		pe.ContentType = "application/json"
	}
}

// firstMedia is the first media type of an Encoding Object's contentType
// list, the one the runtime sends.
func firstMedia(ct string) string {
	return strings.TrimSpace(strings.Split(ct, ",")[0])
}

// isJSONMediaType reports whether a media type carries JSON.
func isJSONMediaType(mt string) bool {
	mt = strings.ToLower(strings.TrimSpace(strings.Split(mt, ";")[0]))
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// objectPart reports whether a multipart property's value is written as
// JSON text: an object (type object, properties or additionalProperties,
// possibly through allOf), or an array whose items are objects or arrays.
func objectPart(ref *openapi3.SchemaRef) bool {
	if ref == nil || ref.Value == nil {
		return false
	}
	s := ref.Value
	if primaryType(s) == "array" {
		return s.Items != nil && s.Items.Value != nil && (primaryType(s.Items.Value) == "array" || isObjectSchema(s.Items.Value, 0))
	}
	return isObjectSchema(s, 0)
}

func isObjectSchema(s *openapi3.Schema, depth int) bool {
	if s == nil || depth > 32 {
		return false
	}
	if primaryType(s) == "object" || len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil ||
		(s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has) {
		return true
	}
	for _, a := range s.AllOf {
		if a != nil && isObjectSchema(a.Value, depth+1) {
			return true
		}
	}
	return false
}

// multipartType builds the struct of a multipart/form-data body: binary
// properties are io.Reader file parts. other is another media type the
// operation's body offers (""): with -skip-unsupported a multipart body
// the generator cannot express is then left out alone, and the operation
// keeps the other.
func (b *builder) multipartType(ctx, pointer string, ref *openapi3.SchemaRef, other string) *TypeRef {
	unsupported := func(pos diag.Pos, what string) {
		if other != "" && b.opts.SkipUnsupported {
			b.diags.Warnf(pos, pointer, "unsupported %s: this media type is left out; the operation keeps its %s body", what, other)
			return
		}
		b.unsupportedf(pos, pointer, "%s", what)
	}
	if ref == nil || ref.Value == nil {
		unsupported(diag.Pos{}, "multipart body without a schema")
		return nil
	}
	props, required := b.flatten(ref.Value, pointer)
	if len(props) == 0 {
		unsupported(b.doc.Pos(ref.Value.Origin), "multipart body without properties")
		return nil
	}
	goName := b.typeNames.Take(names.Exported(ctx, "Request"))
	t := &Type{Name: goName, Kind: Struct, Pointer: pointer,
		Doc: goName + " is a multipart/form-data request body: file parts are io.Readers (named after the reader's Name(), e.g. an *os.File, else the field)."}
	b.addType(t)
	b.binaryReaders = true
	t.Fields = b.fields(goName, pointer, props, required)
	b.binaryReaders = false
	return &TypeRef{Kind: Named, Name: goName}
}
