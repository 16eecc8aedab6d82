// Package ir is the generator's intermediate model of an API.
//
// Every decision about the Go output is taken once, here: Go names, types,
// which fields are optional, doc strings and the order of everything. The
// emitters only read the model; they never look at the OpenAPI document.
// The model serialises to JSON for golden tests.
package ir

import (
	"slices"
	"strconv"
	"strings"
)

// API is the whole model of one OpenAPI document.
type API struct {
	Package     string     `json:"package"`
	ImportPath  string     `json:"importPath"`
	SpecFile    string     `json:"specFile"`
	Title       string     `json:"title"`
	Version     string     `json:"version"`
	Description string     `json:"description,omitempty"`
	Servers     []*Server  `json:"servers,omitempty"`
	Auth        []*AuthArg `json:"auth,omitempty"`        // NewClient arguments
	AuthOptions []*AuthArg `json:"authOptions,omitempty"` // the other schemes, as Options
	// Security is the top-level security requirement: alternatives, each
	// the sorted scheme names whose credentials go together. A request
	// sends the credentials of the first alternative whose schemes are all
	// configured.
	Security [][]string `json:"security,omitempty"`
	// BaseURLRequired: the default server is relative ("/api/v3"), so
	// NewClient takes the absolute base URL as its first argument.
	BaseURLRequired bool `json:"baseURLRequired,omitempty"`
	// SplitServices: each service is a package of its own
	// (Service.Package, in the directory of that name under the output)
	// importing this one for the models; Client has no service fields.
	SplitServices bool       `json:"splitServices,omitempty"`
	Services      []*Service `json:"services"`
	// Webhooks are the operations of the document's webhooks (OpenAPI
	// 3.1): requests the API sends, received by the server package's
	// Webhooks handler and never called by the client. Each has Path
	// "/" + the webhook's key and no Service.
	Webhooks  []*Operation `json:"webhooks,omitempty"`
	Types     []*Type      `json:"types"`
	ErrorSets []*ErrorSet  `json:"errorSets,omitempty"`
	Skipped   []string     `json:"skipped,omitempty"`
}

// Server is a base URL the API is served from.
type Server struct {
	Const       string `json:"const"` // Go constant name
	URL         string `json:"url"`   // variables replaced by their defaults
	Description string `json:"description,omitempty"`
	// Relative: the URL has no scheme and host ("/api/v3").
	Relative bool `json:"relative,omitempty"`
	// Template is the URL with {variables}; Func builds it from Vars.
	Template string       `json:"template,omitempty"`
	Func     string       `json:"func,omitempty"`
	Vars     []*ServerVar `json:"vars,omitempty"`
}

// ServerVar is a variable of a server URL.
type ServerVar struct {
	Name    string   `json:"name"`
	ArgName string   `json:"argName"`
	Default string   `json:"default"`
	Enum    []string `json:"enum,omitempty"`
	Doc     string   `json:"doc,omitempty"`
}

// AuthArg is a credential: NewClient takes the required ones as
// arguments; the others are With<Scheme> options.
type AuthArg struct {
	Scheme   string `json:"scheme"`             // security scheme name in the spec
	ArgName  string `json:"argName"`            // Go parameter name (basic, digest: the user name)
	ArgName2 string `json:"argName2,omitempty"` // basic, digest: the password parameter
	Option   string `json:"option"`             // name of the With<Scheme> option
	Kind     string `json:"kind"`               // apiKey, bearer, basic, digest, oauth2
	In       string `json:"in"`                 // header, query, cookie
	Name     string `json:"name"`               // header/query/cookie name
	Doc      string `json:"doc"`
}

// Service groups the operations of one tag.
type Service struct {
	Tag        string       `json:"tag"`
	Field      string       `json:"field"`    // field on Client, e.g. Members
	TypeName   string       `json:"typeName"` // e.g. MembersService
	Doc        string       `json:"doc"`
	Operations []*Operation `json:"operations"`
	// Package is the Go package (and directory) of the service when
	// API.SplitServices; New (or Ctor) returns its TypeName from a Client.
	Package string `json:"package,omitempty"`
	Ctor    string `json:"ctor,omitempty"`
}

// Operation is one API call and its Go method.
type Operation struct {
	ID   string `json:"id"`
	Name string `json:"name"` // Go method name
	// ServerName names the operation in the server package's single
	// Service interface when Name is not unique across services.
	ServerName  string `json:"serverName,omitempty"`
	Method      string `json:"method"`
	Path        string `json:"path"`
	Summary     string `json:"summary,omitempty"`
	Description string `json:"description,omitempty"`
	Deprecated  bool   `json:"deprecated,omitempty"`
	Pointer     string `json:"pointer"`
	NoAuth      bool   `json:"noAuth,omitempty"`
	// Security overrides API.Security for this operation (nil: the API's).
	Security [][]string `json:"security,omitempty"`
	// Server is the base URL of the operation's (or its path's) own
	// servers, its default instead of the API's; "" for none.
	Server     string   `json:"server,omitempty"`
	Accept     string   `json:"accept,omitempty"` // Accept header: the success media type, else the error one
	Args       []*Param `json:"args,omitempty"`   // required parameters, path first (in path order)
	Params     *Params  `json:"params,omitempty"`
	Body       *Body    `json:"body,omitempty"`
	Result     *Result  `json:"result"`
	ErrorSet   string   `json:"errorSet,omitempty"` // name of the ErrorSet decoding error bodies
	Paging     *Paging  `json:"paging,omitempty"`
	Service    *Service `json:"-"`
	Idempotent bool     `json:"idempotent"` // GET, HEAD, OPTIONS, PUT, DELETE

	// Naming state while the model is built (see nameMethods).
	variant  bool     // an extra body variant of another operation
	altNames []string // names to try, in order, when Name is taken
	moveTo   string   // service the config moves the operation to
	// method is the method name when Name, while the model is built, is
	// the longer base of the types named after the operation
	// (CustomerList for Customers.List: CustomerListParams); typeBase
	// keeps that base once Name is the method's.
	method, typeBase string
}

// Params is the struct of an operation's optional parameters.
type Params struct {
	TypeName string   `json:"typeName"`
	Fields   []*Param `json:"fields"`
	// Ops lists the operations ("Service.Method", sorted) sharing this
	// struct (Options.ShareTypes); empty when it is one operation's.
	Ops []string `json:"ops,omitempty"`
}

// Param is one parameter (path, query, header or cookie).
type Param struct {
	Name          string  `json:"name"` // wire name
	In            ParamIn `json:"in"`
	GoName        string  `json:"goName"`  // field name in the Params struct
	ArgName       string  `json:"argName"` // argument name when required
	Required      bool    `json:"required,omitempty"`
	Style         string  `json:"style"`
	Explode       bool    `json:"explode"`
	AllowReserved bool    `json:"allowReserved,omitempty"`
	// JSON is set for a parameter given as content (application/json)
	// instead of schema: its value is sent JSON-encoded.
	JSON    bool     `json:"json,omitempty"`
	Type    *TypeRef `json:"type"`
	Doc     string   `json:"doc,omitempty"`
	Example any      `json:"example,omitempty"`
	Pointer string   `json:"pointer"`
	// Check constrains the value; Value is the example argument, derived
	// from the schema (see Examples).
	Check *Constraints `json:"check,omitempty"`
	Value any          `json:"-"`
}

// ParamIn is where a parameter is sent.
type ParamIn string

// Parameter locations.
const (
	InPath   ParamIn = "path"
	InQuery  ParamIn = "query"
	InHeader ParamIn = "header"
	InCookie ParamIn = "cookie"
)

// BodyKind classifies request bodies by how they are encoded.
type BodyKind string

// Request body kinds.
const (
	BodyJSON      BodyKind = "json"
	BodyForm      BodyKind = "form"
	BodyMultipart BodyKind = "multipart"
	BodyBinary    BodyKind = "binary"
	BodyText      BodyKind = "text"
)

// Body is an operation's request body.
type Body struct {
	ContentType string   `json:"contentType"`
	Kind        BodyKind `json:"kind"` // json, form, multipart, binary, text
	Type        *TypeRef `json:"type"`
	Required    bool     `json:"required,omitempty"`
	Doc         string   `json:"doc,omitempty"`
	// Encoding is the media type's Encoding Object, one entry per
	// property it names, sorted by property name (form and multipart).
	Encoding []*PropertyEncoding `json:"encoding,omitempty"`
	// Check constrains an inline body schema; XMLType is the model of an
	// XML body's schema (the Go type stays the caller's bytes), so
	// examples can write a valid document. Value is the example body.
	Check   *Constraints `json:"check,omitempty"`
	XMLType *TypeRef     `json:"xmlType,omitempty"`
	// TextType is the scalar a text body's schema declares (a uuid string,
	// a number), whose example is sent as the body's text.
	TextType *TypeRef `json:"textType,omitempty"`
	Value    any      `json:"-"`
}

// PropertyEncoding is the Encoding Object of one body property.
type PropertyEncoding struct {
	Property      string   `json:"property"` // wire (JSON) name
	ContentType   string   `json:"contentType,omitempty"`
	Headers       []string `json:"headers,omitempty"` // names, sorted
	Style         string   `json:"style,omitempty"`   // "" = the default (form)
	Explode       *bool    `json:"explode,omitempty"` // nil = the style's default
	AllowReserved bool     `json:"allowReserved,omitempty"`
}

// Result describes what a successful call returns.
type Result struct {
	Kind        string   `json:"kind"` // json, binary, text, none
	Type        *TypeRef `json:"type,omitempty"`
	ContentType string   `json:"contentType,omitempty"` // the Accept header
	Codes       []int    `json:"codes,omitempty"`       // success codes carrying the body
	EmptyCodes  []int    `json:"emptyCodes,omitempty"`  // success codes without a body
	// Nullable: a JSON success body may be null (the schema allows it, or
	// there is none); the call then returns a nil result. Otherwise null
	// is a decoding error.
	Nullable bool     `json:"nullable,omitempty"`
	Headers  []string `json:"headers,omitempty"` // response headers the success statuses document
	Doc      string   `json:"doc,omitempty"`
	// FirstMedia is the media type of the first success status's body
	// (ContentType is */* when success bodies mix JSON and others).
	FirstMedia string `json:"firstMedia,omitempty"`
	// Check constrains an inline result schema; Value is the example
	// response body, derived from the schema.
	Check *Constraints `json:"check,omitempty"`
	Value any          `json:"-"`
	// RequiredHeaders are the required headers of the 2xx, 2XX and default
	// responses, which the examples' canned servers must send.
	RequiredHeaders []*ResponseHeader `json:"requiredHeaders,omitempty"`
	declared        []string          // the response keys, upper case
}

// ResponseHeader is a required response header; Value is its example
// value, derived from the schema (nil when none could be: the canned
// server then omits it).
type ResponseHeader struct {
	Code  string       `json:"code"` // the response key: "200", "2XX", "default"
	Name  string       `json:"name"`
	JSON  bool         `json:"json,omitempty"` // content: application/json, sent as JSON text
	Type  *TypeRef     `json:"type,omitempty"`
	Check *Constraints `json:"check,omitempty"`
	Value any          `json:"-"`
}

// HeadersFor are the required headers of the response a status is
// answered with: its own, else its range's (2XX), else the default's.
func (r *Result) HeadersFor(status int) []*ResponseHeader {
	code := strconv.Itoa(status)
	for _, key := range []string{code, code[:1] + "XX", "default"} {
		var out []*ResponseHeader
		for _, h := range r.RequiredHeaders {
			if strings.EqualFold(h.Code, key) {
				out = append(out, h)
			}
		}
		if out != nil || slices.Contains(r.declared, strings.ToUpper(key)) {
			return out
		}
	}
	return nil
}

// ErrorSet maps error status codes to the models their bodies decode into.
// Operations that share the same mapping share one set.
type ErrorSet struct {
	Name    string           `json:"name"`
	Entries []*ErrorResponse `json:"entries"`
}

// Classify splits the set's entries into exact status codes, ranges
// ("4XX") and the default entry (nil if none), in declaration order: a
// status picks its exact entry, then its range, then the default.
func (s *ErrorSet) Classify() (exact, ranges []*ErrorResponse, def *ErrorResponse) {
	for _, e := range s.Entries {
		switch {
		case e.Code == "default":
			def = e
		case strings.HasSuffix(strings.ToUpper(e.Code), "XX"):
			ranges = append(ranges, e)
		default:
			exact = append(exact, e)
		}
	}
	return exact, ranges, def
}

// ErrorResponse is one error status (or range "4XX", or "default") and its model.
type ErrorResponse struct {
	Code string   `json:"code"`
	Type *TypeRef `json:"type"`
}

// Paging says how an operation pages, from the x-pagination extension.
type Paging struct {
	PageParam    string   `json:"pageParam"`    // Go field in Params
	PerPageParam string   `json:"perPageParam"` // Go field in Params
	ItemsField   string   `json:"itemsField"`   // Go field in the result
	Item         *TypeRef `json:"item"`
	MetaField    string   `json:"metaField"` // Go field holding the pagination object

	// Style is how a paging rule walks the list (see PagingStyle); empty
	// for x-pagination's page numbers with a pagination object.
	Style PagingStyle `json:"style,omitempty"`
	// CursorParam, OffsetParam: Go fields in Params (PageParam and
	// PerPageParam serve the page style and the page size).
	CursorParam string `json:"cursorParam,omitempty"`
	OffsetParam string `json:"offsetParam,omitempty"`
	// HasMore and NextCursor are fields of the result, CursorFrom a field
	// of the item.
	HasMore    *PageField `json:"hasMore,omitempty"`
	NextCursor *PageField `json:"nextCursor,omitempty"`
	CursorFrom *PageField `json:"cursorFrom,omitempty"`
}

// PageField is a struct field a paging rule reads.
type PageField struct {
	Name    string `json:"name"`              // Go field name
	Pointer bool   `json:"pointer,omitempty"` // *T
	Wrapped bool   `json:"wrapped,omitempty"` // Nullable[T]
}

// TypeKind classifies named types.
type TypeKind string

// Type kinds.
const (
	Struct TypeKind = "struct"
	Enum   TypeKind = "enum"
	Alias  TypeKind = "alias"
	// Union is a oneOf/anyOf: a struct keeping the raw JSON, with typed
	// accessors per variant.
	Union TypeKind = "union"
)

// Type is a named Go type generated from a schema.
type Type struct {
	Name    string   `json:"name"`
	Kind    TypeKind `json:"kind"`
	Doc     string   `json:"doc"`
	Pointer string   `json:"pointer"`
	Fields  []*Field `json:"fields,omitempty"`
	Base    *TypeRef `json:"base,omitempty"` // enum base or alias target
	// Defined: an alias emitted as a defined type (type T []T), because
	// as an alias it would refer to itself.
	Defined bool        `json:"defined,omitempty"`
	Values  []EnumValue `json:"values,omitempty"`
	Example any         `json:"example,omitempty"`
	// Extra is set on a struct whose additionalProperties are declared next
	// to its properties: unknown members are kept in ExtraField, a map of
	// Extra values, and written back.
	Extra      *TypeRef `json:"extra,omitempty"`
	ExtraField string   `json:"extraField,omitempty"`
	// Variants of a union, in spec order.
	Variants []*Variant `json:"variants,omitempty"`
	// Discriminator is the JSON property telling a union's variants apart.
	Discriminator string `json:"discriminator,omitempty"`
	AnyOf         bool   `json:"anyOf,omitempty"` // anyOf rather than oneOf
	// ByStatus: a union of an operation's success bodies, told apart by
	// the response status.
	ByStatus bool `json:"byStatus,omitempty"`
	// Check is the constraints of the type's own schema.
	Check *Constraints `json:"check,omitempty"`
	// Branch: a struct whose schema's oneOf/anyOf alternatives only
	// constrain its own members; the first of them, which examples satisfy.
	Branch *Branch `json:"branch,omitempty"`
	// Package is, split (API.SplitServices), the package of the one
	// service whose operations alone reach the model, which declares it
	// there (see modelPackages); empty: the models package.
	Package string `json:"package,omitempty"`
}

// Branch is what an alternative adds to its object: members it requires
// and constraints on members (by JSON name).
type Branch struct {
	Required []string                `json:"required,omitempty"`
	Checks   map[string]*Constraints `json:"checks,omitempty"`
}

// Sets reports whether an example satisfying the alternative sets the
// member (it requires or constrains it); false for a nil Branch.
func (br *Branch) Sets(member string) bool {
	if br == nil {
		return false
	}
	_, constrained := br.Checks[member]
	return constrained || slices.Contains(br.Required, member)
}

// Variant is one alternative of a union.
type Variant struct {
	Name   string   `json:"name"` // accessor suffix: AsName, FromName
	Type   *TypeRef `json:"type"`
	Values []string `json:"values,omitempty"` // discriminator values naming it
	// Kinds and Required tell, without a discriminator, whether a JSON
	// value holds this variant: its JSON kinds (o object, a array, s
	// string, n number, i integer, b boolean, z null; empty for any) and
	// its required members as "name", "name:kinds" or "name=<JSON>" (a
	// single-valued enum).
	Kinds    string       `json:"kinds,omitempty"`
	Required []string     `json:"required,omitempty"`
	Check    *Constraints `json:"check,omitempty"`
}

// Field is a struct field.
type Field struct {
	Name     string   `json:"name"`
	JSONName string   `json:"jsonName"`
	Type     *TypeRef `json:"type"`
	Required bool     `json:"required,omitempty"`
	Nullable bool     `json:"nullable,omitempty"`
	Pointer  bool     `json:"pointer,omitempty"` // Go type is *Type
	// Wrapped fields are optional and nullable: Nullable[Type] tells
	// absent, null and a value apart.
	Wrapped    bool         `json:"wrapped,omitempty"`
	Omit       string       `json:"omit,omitempty"` // omitempty, omitzero or ""
	Doc        string       `json:"doc"`
	ReadOnly   bool         `json:"readOnly,omitempty"`
	WriteOnly  bool         `json:"writeOnly,omitempty"`
	Deprecated bool         `json:"deprecated,omitempty"`
	Example    any          `json:"example,omitempty"`
	Check      *Constraints `json:"check,omitempty"`
}

// EnumValue is one constant of an enum type.
type EnumValue struct {
	Const string `json:"const"`
	Value any    `json:"value"`
}

// RefKind classifies type references.
type RefKind string

// Reference kinds.
const (
	Builtin RefKind = "builtin" // string, int64, time.Time, types.Date...
	Named   RefKind = "named"   // a generated Type
	Slice   RefKind = "slice"
	Map     RefKind = "map"
)

// TypeRef is a use of a Go type.
type TypeRef struct {
	Kind RefKind  `json:"kind"`
	Pkg  string   `json:"pkg,omitempty"`  // import path for qualified builtins
	Name string   `json:"name,omitempty"` // builtin or named type
	Elem *TypeRef `json:"elem,omitempty"` // slice/map element
}

// String renders the reference as Go source (with package names, not paths).
func (t *TypeRef) String() string {
	switch t.Kind {
	case Slice:
		return "[]" + t.Elem.String()
	case Map:
		return "map[string]" + t.Elem.String()
	}
	if t.Pkg != "" {
		return pkgName(t.Pkg) + "." + t.Name
	}
	return t.Name
}

func pkgName(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[i+1:]
		}
	}
	return path
}

// IsNilable reports whether the Go type has nil as a zero value, so that
// absence can be expressed without a pointer.
func (t *TypeRef) IsNilable() bool {
	switch t.Kind {
	case Slice, Map:
		return true
	}
	return t.Kind == Builtin && (t.Name == "any" || t.Name == "[]byte" || (t.Pkg == "encoding/json" && t.Name == "RawMessage") || (t.Pkg == "io" && t.Name == "Reader"))
}

// Type looks up a named type.
func (a *API) Type(name string) *Type {
	for _, t := range a.Types {
		if t.Name == name {
			return t
		}
	}
	return nil
}
