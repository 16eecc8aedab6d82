package load

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	kinyaml "github.com/oasdiff/yaml"
	yaml "github.com/oasdiff/yaml3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// loadSwagger2 reads a Swagger 2.0 document and converts it to OpenAPI 3.0
// with kin-openapi's openapi2conv. What the conversion cannot carry is a
// warning located in the 2.0 document (its pointer is a 2.0 pointer).
func (d *Document) loadSwagger2(origins bool) (*openapi3.T, []diag.Diagnostic, error) {
	var doc2 openapi2.T
	var err error
	if t := bytes.TrimSpace(d.Source); len(t) > 0 && t[0] == '{' {
		err = json.Unmarshal(d.Source, &doc2)
	} else {
		_, err = kinyaml.Unmarshal(d.Source, &doc2, kinyaml.DecodeOpts{DisableTimestamps: true})
	}
	if err != nil {
		if ptr, line, col := undecodable2(d.Source); ptr != "" {
			return nil, nil, &located2Error{pointer: ptr, line: line, col: col, err: err}
		}
		return nil, nil, fmt.Errorf("cannot read Swagger 2.0 document: %w", err)
	}
	warns := swagger2Losses(&doc2)
	t, err := openapi2conv.ToV3WithLoader(&doc2, confine(newLoader(origins), d.URL(), d.refRoot, d.repairExternal), d.URL())
	if err != nil {
		return nil, nil, fmt.Errorf("cannot convert Swagger 2.0 to OpenAPI 3.0: %w", err)
	}
	refBodyConsumes(&doc2, t)
	return t, warns, nil
}

// refBodyConsumes gives an operation whose body parameter is a $ref to a
// global parameter the media types it consumes: openapi2conv turns such a
// parameter into a components request body of the document's consumes,
// or */* when it has none, and refers to it, so the operation's own
// `consumes: [application/json]` was lost (with no document consumes the
// body was read as bytes of any type). The operation gets its own
// request body, the component's, with one content entry per media type.
func refBodyConsumes(doc2 *openapi2.T, t *openapi3.T) {
	if t.Paths == nil {
		return
	}
	for path, item2 := range doc2.Paths {
		item3 := t.Paths.Value(path)
		if item2 == nil || item3 == nil {
			continue
		}
		for method, op2 := range item2.Operations() {
			op3 := item3.GetOperation(method)
			if op2 == nil || op3 == nil || op3.RequestBody == nil || op3.RequestBody.Ref == "" || op3.RequestBody.Value == nil {
				continue
			}
			consumes := op2.Consumes
			if len(consumes) == 0 {
				consumes = doc2.Consumes
			}
			body := op3.RequestBody.Value
			var schema *openapi3.SchemaRef
			for _, mt := range sortedKeys(body.Content) {
				if schema = body.Content[mt].Schema; schema != nil {
					break
				}
			}
			if len(consumes) == 0 || schema == nil {
				continue
			}
			own := *body
			own.Content = openapi3.Content{}
			same := true
			for _, mt := range consumes {
				if mt == "multipart/form-data" || mt == "application/x-www-form-urlencoded" {
					continue // a body parameter is never form data
				}
				own.Content[mt] = &openapi3.MediaType{Schema: schema}
				same = same && body.Content[mt] != nil
			}
			if len(own.Content) == 0 || same && len(own.Content) == len(body.Content) {
				continue
			}
			op3.RequestBody = &openapi3.RequestBodyRef{Value: &own}
		}
	}
}

// swagger2Losses lists what openapi2conv drops or cannot express.
func swagger2Losses(doc *openapi2.T) []diag.Diagnostic {
	var out []diag.Diagnostic
	warn := func(ptr, format string, args ...any) {
		out = append(out, diag.Diagnostic{Severity: diag.Warning, Pointer: ptr, Msg: fmt.Sprintf(format, args...)})
	}
	param := func(p *openapi2.Parameter, ptr string) {
		if p == nil || p.Ref != "" {
			return
		}
		switch f := p.CollectionFormat; {
		case f == "" || f == "csv":
		case f == "tsv":
			warn(ptr, "collectionFormat tsv has no OpenAPI 3 equivalent; parameter %q is sent comma-separated", p.Name)
		case p.In != "query" && p.In != "formData":
			warn(ptr, "collectionFormat %s applies to query parameters only in OpenAPI 3; %s parameter %q is sent comma-separated", f, p.In, p.Name)
		}
	}
	for _, name := range sortedKeys(doc.Definitions) {
		if doc.Definitions[name] == nil {
			doc.Definitions[name] = &openapi2.SchemaRef{Value: &openapi2.Schema{}}
			warn(diag.Pointer("definitions", name), "definition is empty; reading it as any value")
		}
	}
	for _, name := range sortedKeys(doc.Responses) {
		if doc.Responses[name] == nil {
			doc.Responses[name] = &openapi2.Response{}
			warn(diag.Pointer("responses", name), "response is empty; reading it as a response without description or body")
		}
	}
	for _, name := range sortedKeys(doc.Parameters) {
		param(doc.Parameters[name], diag.Pointer("parameters", name))
	}
	for _, path := range sortedKeys(doc.Paths) {
		item := doc.Paths[path]
		if item == nil {
			continue
		}
		base := diag.Pointer("paths", path)
		for i, p := range item.Parameters {
			param(p, base+"/parameters/"+strconv.Itoa(i))
		}
		ops := item.Operations()
		for _, method := range sortedKeys(ops) {
			op := ops[method]
			ptr := base + "/" + strings.ToLower(method)
			for i, p := range op.Parameters {
				param(p, ptr+"/parameters/"+strconv.Itoa(i))
			}
			if op.Responses != nil {
				for _, code := range sortedKeys(op.Responses.Map()) {
					if op.Responses.Value(code) == nil {
						// `default:` with nothing after it (openapi2conv
						// would crash on it).
						op.Responses.Set(code, &openapi2.Response{})
						warn(ptr+diag.Pointer("responses", code), "response is empty; reading it as a response without description or body")
						continue
					}
					if r := op.Responses.Value(code); r != nil && r.Ref == "" && r.Description == "" {
						warn(ptr+diag.Pointer("responses", code), "response has no description; using an empty one")
					}
				}
			}
			if len(op.Schemes) > 0 {
				warn(ptr+"/schemes", "operation-level schemes %v do not convert; the document's servers apply", op.Schemes)
			}
		}
	}
	return out
}

// v2Pointer maps a pointer into the converted OpenAPI 3.0 document to the
// element of the Swagger 2.0 source it came from (or the nearest one).
func v2Pointer(p string) string {
	tok := splitPointer(p)
	if p == "" || len(tok) == 0 {
		return p
	}
	switch tok[0] {
	case "servers":
		return "/host"
	case "components":
		if len(tok) < 3 {
			return p
		}
		rest := tok[3:]
		switch tok[1] {
		case "schemas":
			return diag.Pointer(append([]string{"definitions", tok[2]}, rest...)...)
		case "parameters", "requestBodies":
			return diag.Pointer("parameters", tok[2])
		case "responses":
			return diag.Pointer(append([]string{"responses", tok[2]}, dropContent(rest)...)...)
		case "securitySchemes":
			return diag.Pointer("securityDefinitions", tok[2])
		}
	case "paths":
		if len(tok) < 4 {
			return p
		}
		op, rest := tok[:3], tok[3:]
		switch rest[0] {
		case "requestBody":
			return diag.Pointer(append(op, "parameters")...)
		case "parameters":
			if len(rest) > 2 {
				rest = rest[:2] // 2.0 parameters have no schema: the parameter
			}
		case "responses":
			rest = append(rest[:2:2], dropContent(rest[2:])...)
		}
		return diag.Pointer(append(op, rest...)...)
	}
	return p
}

// dropContent turns content/<media type>/schema/... (3.0) into
// schema/... (2.0).
func dropContent(tok []string) []string {
	if len(tok) == 0 || tok[0] != "content" {
		return tok
	}
	if len(tok) <= 2 {
		return []string{"schema"} // the content, or one media type of it
	}
	return tok[2:]
}

// located2Error is a Swagger 2.0 document that does not decode, with the
// element that does not (undecodable2).
type located2Error struct {
	pointer   string
	line, col int
	err       error
}

func (e *located2Error) Error() string {
	return fmt.Sprintf("cannot read Swagger 2.0 document: %s: %s", e.pointer, e.msg())
}

// msg is the decoder's message without its chain of wrappers, which say
// nothing the position does not.
func (e *located2Error) msg() string {
	msg := e.err.Error()
	for _, p := range []string{"error unmarshaling JSON: ", "while decoding JSON: ", "json: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return msg
}

// undecodable2 finds, in a Swagger 2.0 document that does not decode (the
// decoders name neither a line nor a path), the deepest element that does
// not: each member is decoded alone into the Go type openapi2 gives it,
// going down while it fails. "" when it cannot tell.
func undecodable2(src []byte) (pointer string, line, col int) {
	root := yamlNode(src)
	if root == nil {
		return "", 0, 0
	}
	ptr, n := failing2(root, reflect.TypeFor[openapi2.T](), "", 0)
	if ptr == "" || n == nil {
		return "", 0, 0
	}
	return ptr, n.Line, n.Column
}

// failing2 is the pointer and node of the deepest member of n (of Go type
// t) that does not decode, or "" when n decodes.
func failing2(n *yaml.Node, t reflect.Type, ptr string, depth int) (string, *yaml.Node) {
	var b bytes.Buffer
	if depth > 64 || (&inliner{plain: true}).toJSON(&b, n, "", 0) != nil {
		return "", nil
	}
	if json.Unmarshal(b.Bytes(), reflect.New(t).Interface()) == nil {
		return "", nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	child := func(key string, c *yaml.Node, ct reflect.Type) (string, *yaml.Node) {
		return failing2(c, ct, ptr+diag.Pointer(key), depth+1)
	}
	switch {
	case t.Kind() == reflect.Map && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if p, c := child(n.Content[i].Value, n.Content[i+1], t.Elem()); p != "" {
				return p, c
			}
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, c := range n.Content {
			if p, cn := child(strconv.Itoa(i), c, t.Elem()); p != "" {
				return p, cn
			}
		}
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		if f, ok := t.FieldByName("Value"); ok {
			if r, isRef := t.FieldByName("Ref"); isRef && r.Type.Kind() == reflect.String {
				return failing2(n, f.Type, ptr, depth+1) // a SchemaRef: its Schema
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			for j := 0; j < t.NumField(); j++ {
				f := t.Field(j)
				if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name == key && f.IsExported() {
					if p, c := child(key, n.Content[i+1], f.Type); p != "" {
						return p, c
					}
				}
			}
		}
	}
	return ptr, n
}
