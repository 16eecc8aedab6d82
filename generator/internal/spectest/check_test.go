package spectest

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Deliberate additions to the facts. The spec may hold these and nothing else that the
// facts do not list.

// extraSchemas are the component schemas the facts do not list.
var extraSchemas = map[string]bool{
	"Error":            true, // body of every error response
	"ErrorDetail":      true, // Error.error
	"ConnectionStatus": true, // enum of Member*.connection_status
	"MemberStatus":     true, // enum of the deprecated Member*.status
}

// enumFields are `string` fields of the facts transcribed as a $ref to a string enum schema.
var enumFields = map[[2]string]string{
	{"Member", "connection_status"}:                 "ConnectionStatus",
	{"MemberConnectionStatus", "connection_status"}: "ConnectionStatus",
	{"Member", "status"}:                            "MemberStatus",
	{"MemberConnectionStatus", "status"}:            "MemberStatus",
}

// connectionStatuses are every status ../shared/atrium/README.md names.
var connectionStatuses = []string{
	"CREATED", "CONNECTED", "DEGRADED", "DISCONNECTED", "EXPIRED", "FAILED", "IMPEDED", "RECONNECTED", "UPDATED",
	"PREVENTED", "DENIED", "IMPAIRED", "IMPORTED",
	"CHALLENGED", "DELAYED", "REJECTED", "RESUMED",
	"CLOSED", "DISABLED", "DISCONTINUED",
	"LOCKED", "HALTED", "PENDING",
}

// memberStatuses are the legacy aggregation statuses of the deprecated status field.
var memberStatuses = []string{
	"INITIATED", "REQUESTED", "CHALLENGED", "RECEIVED", "TRANSFERRED", "PROCESSED", "COMPLETED", "PREVENTED", "DENIED", "HALTED",
}

// extraSuccess are success codes the spec must declare beyond those the old SDK decoded.
var extraSuccess = map[string][]int{
	// Aggregation-type jobs answer 202 when a job of the same type is already running.
	"AggregateMemberBalances": {202},
	"ExtendHistory":           {202},
	"IdentifyMember":          {202},
	"VerifyMember":            {202},
	"FetchStatements":         {202},
	// 204 No Content when the member is not CHALLENGED.
	"ListMemberMFAChallenges": {204},
	// Deletes answer 204 with no body.
	"DeleteMember": {204},
	"DeleteUser":   {204},
}

// errorResponses are the components/responses every error status refers to.
var errorResponses = map[int]string{
	400: "BadRequest",
	401: "Unauthorized",
	403: "Forbidden",
	404: "NotFound",
	405: "MethodNotAllowed",
	409: "Conflict",
	422: "UnprocessableEntity",
	429: "TooManyRequests",
	500: "InternalServerError",
	503: "ServiceUnavailable",
}

// requiredErrors are declared by every operation.
var requiredErrors = []int{400, 401, 403, 404, 422, 429, 500, 503}

// restrictedErrors are declared only by the operations they apply to.
var restrictedErrors = map[int][]string{
	// A user may hold at most 25 members.
	405: {"CreateMember"},
	// A job of another type is running on the member.
	409: {"AggregateMember", "AggregateMemberBalances", "ExtendHistory", "IdentifyMember", "VerifyMember", "FetchStatements"},
}

// requiredFields lists the models with required properties; all others have none.
var requiredFields = map[string][]string{
	"CredentialRequest":                           {"guid", "value"},
	"MemberCreateRequest":                         {"credentials", "institution_code"},
	"MemberCreateRequestBody":                     {"member"},
	"MemberResumeRequest":                         {"challenges"},
	"MemberResumeRequestBody":                     {"member"},
	"MemberUpdateRequestBody":                     {"member"},
	"TransactionCleanseAndCategorizeRequest":      {"amount", "description"},
	"TransactionsCleanseAndCategorizeRequestBody": {"transactions"},
	"UserCreateRequestBody":                       {"user"},
	"UserUpdateRequestBody":                       {"user"},
}

const (
	jsonMedia   = "application/vnd.mx.atrium.v1+json"
	schemaRefs  = "#/components/schemas/"
	respRefs    = "#/components/responses/"
	paginationX = "x-pagination"
)

type checker struct{ msgs []string }

func (c *checker) errorf(format string, args ...any) {
	c.msgs = append(c.msgs, fmt.Sprintf(format, args...))
}

// check compares doc with the facts and returns one message per mismatch.
func check(doc *openapi3.T, f *facts) []string {
	c := &checker{}
	c.security(doc)
	c.operations(doc, f)
	c.errorComponents(doc)
	c.models(doc, f)
	return c.msgs
}

// typeOf returns the JSON type of a schema ("" when unset).
func typeOf(s *openapi3.Schema) string {
	if s == nil || s.Type == nil {
		return ""
	}
	return strings.Join(s.Type.Slice(), ",")
}

// wantTypeFormat checks a schema's type and format.
func (c *checker) wantTypeFormat(label string, s *openapi3.Schema, typ, format string) {
	if got := typeOf(s); got != typ {
		c.errorf("%s: type is %q, want %q", label, got, typ)
	}
	if s != nil && s.Format != format {
		c.errorf("%s: format is %q, want %q", label, s.Format, format)
	}
}

func (c *checker) security(doc *openapi3.T) {
	want := openapi3.SecurityRequirements{{"apiKey": {}, "clientID": {}}}
	if len(doc.Security) != 1 || !maps.EqualFunc(doc.Security[0], want[0], slices.Equal) {
		c.errorf("security: is %v, want %v (both keys together)", doc.Security, want)
	}
	var schemes openapi3.SecuritySchemes
	if doc.Components != nil {
		schemes = doc.Components.SecuritySchemes
	}
	for name, header := range map[string]string{"apiKey": "MX-API-Key", "clientID": "MX-Client-ID"} {
		s := schemes[name]
		if s == nil || s.Value == nil || s.Value.Type != "apiKey" || s.Value.In != "header" || s.Value.Name != header {
			c.errorf("security scheme %s: want an apiKey in header %s", name, header)
		}
	}
	if len(schemes) != 2 {
		c.errorf("security schemes: %d declared, want 2 (apiKey, clientID)", len(schemes))
	}
	if len(doc.Servers) != 2 || doc.Servers[0].URL != "https://vestibule.mx.com" || doc.Servers[1].URL != "https://atrium.mx.com" {
		c.errorf("servers: want https://vestibule.mx.com then https://atrium.mx.com")
	}
}

func (c *checker) operations(doc *openapi3.T, f *facts) {
	known := map[string]bool{}
	for _, o := range f.Ops {
		known[o.Method+" "+o.Path] = true
		var pi *openapi3.PathItem
		var op *openapi3.Operation
		if doc.Paths != nil {
			pi = doc.Paths.Value(o.Path)
		}
		if pi != nil {
			op = pi.GetOperation(o.Method)
		}
		if op == nil {
			c.errorf("%s: missing", o.label())
			continue
		}
		c.operation(f, o, pi, op)
	}
	if doc.Paths == nil {
		return
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			if !known[method+" "+path] {
				c.errorf("unexpected operation %s (%s %s): not in the facts", op.OperationID, method, path)
			}
		}
	}
}

func (c *checker) operation(f *facts, o opFact, pi *openapi3.PathItem, op *openapi3.Operation) {
	label := o.label()
	if op.OperationID != o.ID {
		c.errorf("%s: operationId is %q", label, op.OperationID)
	}
	if !slices.Equal(op.Tags, []string{o.Tag}) {
		c.errorf("%s: tags are %v, want [%s]", label, op.Tags, o.Tag)
	}
	c.parameters(label, o, pi, op)
	c.requestBody(label, o, op)
	c.responses(label, o, op)
	c.pagination(label, f, o, op)
}

func (c *checker) parameters(label string, o opFact, pi *openapi3.PathItem, op *openapi3.Operation) {
	// Operation parameters override path-item ones with the same in and name.
	params := map[string]*openapi3.Parameter{}
	for _, list := range []openapi3.Parameters{pi.Parameters, op.Parameters} {
		for _, pr := range list {
			if pr == nil || pr.Value == nil {
				c.errorf("%s: unresolved parameter", label)
				continue
			}
			params[pr.Value.In+" "+pr.Value.Name] = pr.Value
		}
	}
	for _, pf := range o.Params {
		key := pf.In + " " + pf.Name
		plabel := fmt.Sprintf("%s: %s parameter %s", label, pf.In, pf.Name)
		p := params[key]
		delete(params, key)
		if p == nil {
			c.errorf("%s missing", plabel)
			continue
		}
		if p.Required != pf.Required {
			c.errorf("%s: required is %t, want %t", plabel, p.Required, pf.Required)
		}
		if p.Schema == nil || p.Schema.Value == nil {
			c.errorf("%s: no schema", plabel)
			continue
		}
		s := p.Schema.Value
		switch pf.Type {
		case "string":
			format := ""
			if pf.Name == "from_date" || pf.Name == "to_date" {
				format = "date"
			}
			c.wantTypeFormat(plabel, s, "string", format)
		case "int32":
			c.wantTypeFormat(plabel, s, "integer", "int32")
		case "bool":
			c.wantTypeFormat(plabel, s, "boolean", "")
		default:
			c.errorf("%s: unknown fact type %q", plabel, pf.Type)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(params)) {
		in, name, _ := strings.Cut(key, " ")
		c.errorf("%s: unexpected %s parameter %s", label, in, name)
	}
}

func (c *checker) requestBody(label string, o opFact, op *openapi3.Operation) {
	if o.ReqBody == "" {
		if op.RequestBody != nil {
			c.errorf("%s: unexpected request body", label)
		}
		return
	}
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		c.errorf("%s: request body missing", label)
		return
	}
	rb := op.RequestBody.Value
	if rb.Required != o.ReqRequired {
		c.errorf("%s: request body required is %t, want %t", label, rb.Required, o.ReqRequired)
	}
	c.content(label+": request body", rb.Content, o.ContentType, func(l string, s *openapi3.SchemaRef) {
		c.wantRef(l, s, o.ReqBody)
	})
}

// content checks that a content map holds exactly the media type want and checks its schema.
func (c *checker) content(label string, content openapi3.Content, want string, schema func(string, *openapi3.SchemaRef)) {
	if len(content) != 1 || content[want] == nil {
		c.errorf("%s: media types are %v, want [%s]", label, slices.Sorted(maps.Keys(content)), want)
	}
	if mt := content[want]; mt != nil {
		schema(label+" "+want, mt.Schema)
	}
}

func (c *checker) wantRef(label string, s *openapi3.SchemaRef, model string) {
	if s == nil || s.Ref != schemaRefs+model {
		got := "<none>"
		if s != nil {
			got = s.Ref
		}
		c.errorf("%s: schema $ref is %q, want %q", label, got, schemaRefs+model)
	}
}

func (c *checker) responses(label string, o opFact, op *openapi3.Operation) {
	var declared map[string]*openapi3.ResponseRef
	if op.Responses != nil {
		declared = op.Responses.Map()
	}
	allowed := map[int]bool{}
	for _, code := range o.Codes {
		allowed[code] = true
		if declared[strconv.Itoa(code)] == nil {
			c.errorf("%s: response %d missing", label, code)
		}
	}
	for _, code := range extraSuccess[o.ID] {
		allowed[code] = true
		if declared[strconv.Itoa(code)] == nil {
			c.errorf("%s: response %d missing", label, code)
		}
	}
	for _, code := range requiredErrors {
		allowed[code] = true
		if declared[strconv.Itoa(code)] == nil {
			c.errorf("%s: error response %d missing", label, code)
		}
	}
	for code, ops := range restrictedErrors {
		if slices.Contains(ops, o.ID) || slices.Contains(o.ExtraErrors, code) {
			allowed[code] = true
			if declared[strconv.Itoa(code)] == nil {
				c.errorf("%s: error response %d missing", label, code)
			}
		}
	}
	success := 0
	for _, key := range slices.Sorted(maps.Keys(declared)) {
		rlabel := fmt.Sprintf("%s: response %s", label, key)
		code, err := strconv.Atoi(key)
		if err != nil || !allowed[code] {
			c.errorf("%s: unexpected", rlabel)
			continue
		}
		rr := declared[key]
		if code >= 400 {
			if want := respRefs + errorResponses[code]; rr.Ref != want {
				c.errorf("%s: $ref is %q, want %q", rlabel, rr.Ref, want)
			}
			continue
		}
		success++
		if rr.Value == nil {
			c.errorf("%s: unresolved", rlabel)
			continue
		}
		content := rr.Value.Content
		if code == 204 || o.RespKind == respEmpty {
			if len(content) != 0 {
				c.errorf("%s: has content, want none", rlabel)
			}
			continue
		}
		c.content(rlabel, content, o.Accept, func(l string, s *openapi3.SchemaRef) {
			if o.RespKind == respRef {
				c.wantRef(l, s, o.RespModel)
				return
			}
			if s == nil || s.Ref != "" {
				c.errorf("%s: want an inline binary string schema", l)
				return
			}
			c.wantTypeFormat(l, s.Value, "string", "binary")
		})
	}
	if success == 0 {
		c.errorf("%s: no success response", label)
	}
}

// pagination checks the x-pagination extension: present, and right, exactly on the paged
// list operations (page + records_per_page parameters and a pagination response field).
func (c *checker) pagination(label string, f *facts, o opFact, op *openapi3.Operation) {
	ext, has := op.Extensions[paginationX]
	_, page := o.param("page")
	_, perPage := o.param("records_per_page")
	resp, _ := f.model(o.RespModel)
	_, meta := resp.field("pagination")
	if !(page && perPage && meta) {
		if has {
			c.errorf("%s: unexpected %s (not a paged list)", label, paginationX)
		}
		return
	}
	items := ""
	for _, fl := range resp.Fields {
		if strings.HasPrefix(fl.Type, "array of ") {
			items = fl.Name
		}
	}
	want := map[string]any{"page": "page", "perPage": "records_per_page", "items": items, "meta": "pagination"}
	got, ok := ext.(map[string]any)
	if !has || !ok || !maps.Equal(got, want) {
		c.errorf("%s: %s is %v, want %v", label, paginationX, ext, want)
	}
}

func (c *checker) errorComponents(doc *openapi3.T) {
	var declared openapi3.ResponseBodies
	if doc.Components != nil {
		declared = doc.Components.Responses
	}
	names := map[string]bool{}
	for code, name := range errorResponses {
		names[name] = true
		rr := declared[name]
		label := fmt.Sprintf("response %s (%d)", name, code)
		if rr == nil || rr.Value == nil {
			c.errorf("%s: missing", label)
			continue
		}
		c.content(label, rr.Value.Content, jsonMedia, func(l string, s *openapi3.SchemaRef) {
			c.wantRef(l, s, "Error")
		})
		if code == 429 && rr.Value.Headers["Retry-After"] == nil {
			c.errorf("%s: Retry-After header missing", label)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(declared)) {
		if !names[name] {
			c.errorf("unexpected response component %s", name)
		}
	}
}

// fieldFormat is the format a `string` field of the facts must carry.
func fieldFormat(model, field string) string {
	switch {
	case strings.HasSuffix(field, "_at"):
		return "date-time"
	case field == "from_date", field == "to_date", strings.HasSuffix(field, "_on"), model == "Transaction" && field == "date":
		return "date"
	}
	return ""
}

func (c *checker) models(doc *openapi3.T, f *facts) {
	var schemas openapi3.Schemas
	if doc.Components != nil {
		schemas = doc.Components.Schemas
	}
	for _, m := range f.Models {
		sr := schemas[m.Name]
		if sr == nil || sr.Value == nil {
			c.errorf("model %s: missing", m.Name)
			continue
		}
		s := sr.Value
		if sr.Ref != "" {
			c.errorf("model %s: is a $ref to %s", m.Name, sr.Ref)
		}
		if typeOf(s) != "object" {
			c.errorf("model %s: type is %q, want \"object\"", m.Name, typeOf(s))
		}
		for _, fl := range m.Fields {
			ps := s.Properties[fl.Name]
			if ps == nil {
				c.errorf("model %s: field %s missing", m.Name, fl.Name)
				continue
			}
			c.field(m.Name, fl, ps)
		}
		for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
			if _, ok := m.field(name); !ok {
				c.errorf("model %s: unexpected field %s", m.Name, name)
			}
		}
		want := slices.Sorted(slices.Values(requiredFields[m.Name]))
		if m.RequiredSet {
			want = slices.Sorted(slices.Values(m.Required))
		}
		if got := slices.Sorted(slices.Values(s.Required)); !slices.Equal(got, want) {
			c.errorf("model %s: required is %v, want %v", m.Name, got, want)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(schemas)) {
		if _, ok := f.model(name); !ok && !extraSchemas[name] {
			c.errorf("unexpected schema %s: not in the facts", name)
		}
	}
	c.enum(schemas, "ConnectionStatus", connectionStatuses)
	c.enum(schemas, "MemberStatus", memberStatuses)
	c.errorSchemas(schemas)
}

func (c *checker) field(model string, fl fieldFact, ps *openapi3.SchemaRef) {
	label := fmt.Sprintf("model %s: field %s", model, fl.Name)
	if enum, ok := enumFields[[2]string{model, fl.Name}]; ok {
		if fl.Type != "string" {
			c.errorf("%s: facts type is %q, the enum allowlist expects string", label, fl.Type)
		}
		c.wantRef(label, ps, enum)
		return
	}
	if name, ok := strings.CutPrefix(fl.Type, "$ref "); ok {
		c.wantRef(label, ps, name)
		return
	}
	if ps.Ref != "" {
		c.errorf("%s: is a $ref to %s, want an inline %s", label, ps.Ref, fl.Type)
		return
	}
	s := ps.Value
	if name, ok := strings.CutPrefix(fl.Type, "array of $ref "); ok {
		c.wantTypeFormat(label, s, "array", "")
		if s != nil {
			c.wantRef(label+" items", s.Items, name)
		}
		return
	}
	switch fl.Type {
	case "string":
		c.wantTypeFormat(label, s, "string", fieldFormat(model, fl.Name))
	case "number/float":
		c.wantTypeFormat(label, s, "number", "double") // float32 loses cents
	case "integer/int32":
		c.wantTypeFormat(label, s, "integer", "int32")
	case "boolean":
		c.wantTypeFormat(label, s, "boolean", "")
	default:
		c.errorf("%s: unknown fact type %q", label, fl.Type)
	}
}

func (c *checker) enum(schemas openapi3.Schemas, name string, values []string) {
	sr := schemas[name]
	if sr == nil || sr.Value == nil {
		c.errorf("schema %s: missing", name)
		return
	}
	var got []string
	for _, v := range sr.Value.Enum {
		s, _ := v.(string)
		got = append(got, s)
	}
	if typeOf(sr.Value) != "string" || !slices.Equal(got, values) {
		c.errorf("schema %s: want a string enum of %v, have %s enum %v", name, values, typeOf(sr.Value), got)
	}
}

func (c *checker) errorSchemas(schemas openapi3.Schemas) {
	e, d := schemas["Error"], schemas["ErrorDetail"]
	if e == nil || e.Value == nil || len(e.Value.Properties) != 1 || typeOf(e.Value) != "object" {
		c.errorf("schema Error: want an object with the single property error")
	} else {
		c.wantRef("schema Error: property error", e.Value.Properties["error"], "ErrorDetail")
	}
	if d == nil || d.Value == nil || len(d.Value.Properties) != 1 || d.Value.Properties["message"] == nil {
		c.errorf("schema ErrorDetail: want an object with the single property message")
	} else {
		c.wantTypeFormat("schema ErrorDetail: property message", d.Value.Properties["message"].Value, "string", "")
	}
}
