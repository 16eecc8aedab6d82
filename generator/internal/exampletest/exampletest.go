// Package exampletest proves generated examples make valid calls: Install
// puts a transport in front of http.DefaultTransport (which generated
// clients use unless given an *http.Client with its own) that validates
// every request against the spec with kin-openapi's openapi3filter
// (parameters, body, credentials) and every canned response the example
// server answers with, and appends each violation to a report file.
//
// The corpus tests copy this file into the temporary module holding the
// generated SDKs, with a TestMain calling Install in each SDK package, so
// it imports nothing but kin-openapi and the standard library.
package exampletest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Install validates every request made through http.DefaultTransport
// against the OpenAPI 3 document at specPath, appending violations, one a
// line, to reportPath. Requests are forwarded whatever the verdict, so one
// defect does not stop the other examples.
func Install(specPath, reportPath string) error {
	v, err := New(specPath)
	if err != nil {
		return err
	}
	v.Report = func(line string) {
		f, err := os.OpenFile(reportPath, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintln(os.Stderr, "exampletest:", err)
			return
		}
		defer f.Close()
		fmt.Fprintln(f, line)
	}
	v.Next = http.DefaultTransport
	http.DefaultTransport = v
	return nil
}

// Validator is an http.RoundTripper checking requests and responses
// against a spec.
type Validator struct {
	Doc    *openapi3.T
	Next   http.RoundTripper
	Report func(line string)
	routes []route
	mu     sync.Mutex
}

type route struct {
	re     *regexp.Regexp
	params []string
	lits   int // literal characters: the more, the more specific
	r      *routers.Route
}

// New loads the document at specPath (OpenAPI 3.x, JSON or YAML).
func New(specPath string) (*Validator, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true // local files beside the spec
	doc, err := loader.LoadFromFile(specPath)
	if err != nil {
		return nil, err
	}
	v := &Validator{Doc: doc}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			expr, params, lits := templateRegexp(path)
			v.routes = append(v.routes, route{re: regexp.MustCompile(expr), params: params, lits: lits,
				r: &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: op}})
		}
	}
	sort.SliceStable(v.routes, func(i, j int) bool { return v.routes[i].lits > v.routes[j].lits })
	return v, nil
}

var varRe = regexp.MustCompile(`\{[^}/]+\}`)

func templateRegexp(path string) (string, []string, int) {
	var b strings.Builder
	var params []string
	lits := 0
	last := 0
	for _, m := range varRe.FindAllStringIndex(path, -1) {
		b.WriteString(regexp.QuoteMeta(path[last:m[0]]))
		lits += m[0] - last
		b.WriteString("([^/]+)")
		params = append(params, path[m[0]+1:m[1]-1])
		last = m[1]
	}
	b.WriteString(regexp.QuoteMeta(path[last:]))
	lits += len(path) - last
	return "^" + b.String() + "$", params, lits
}

// find matches a request to an operation; a base path the client put in
// front of the template is skipped.
func (v *Validator) find(method, path string) (*routers.Route, map[string]string) {
	for {
		for _, rt := range v.routes {
			if !strings.EqualFold(rt.r.Method, method) {
				continue
			}
			m := rt.re.FindStringSubmatch(path)
			if m == nil {
				continue
			}
			params := map[string]string{}
			for i, name := range rt.params {
				// Path parameters are matched on the escaped path (an
				// escaped / stays in its segment) and handed over
				// unescaped, as kin-openapi's routers do.
				params[name] = m[i+1]
				if u, err := url.PathUnescape(m[i+1]); err == nil {
					params[name] = u
				}
			}
			return rt.r, params
		}
		i := strings.IndexByte(path[1:], '/')
		if i < 0 {
			return nil, nil
		}
		path = path[i+1:]
	}
}

func (v *Validator) report(format string, args ...any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.Report != nil {
		v.Report(fmt.Sprintf(format, args...))
	}
}

// RoundTrip validates req, forwards it, then validates the response.
func (v *Validator) RoundTrip(req *http.Request) (*http.Response, error) {
	rt, params := v.find(req.Method, req.URL.EscapedPath())
	if rt == nil {
		v.report("%s %s: no operation of the spec has this path", req.Method, req.URL.Path)
		return v.Next.RoundTrip(req)
	}
	if resp := digestChallenge(rt, req); resp != nil {
		return resp, nil
	}
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	check := req.Clone(req.Context())
	check.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{
		Request: check, PathParams: params, Route: rt,
		Options: &openapi3filter.Options{AuthenticationFunc: credentialsPresent, SchemaValidationOptions: formatChecks},
	}
	name := req.Method + " " + rt.Path
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		v.report("%s: request: %s", name, oneLine(err))
	}
	resp, err := v.Next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	rb, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(rb))
	rin := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Body:    io.NopCloser(bytes.NewReader(rb)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, SchemaValidationOptions: formatChecks},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), rin); err != nil {
		v.report("%s: response %d: %s", name, resp.StatusCode, oneLine(err))
	}
	return resp, nil
}

// formatChecks validate the string formats kin-openapi leaves unchecked by
// default (it checks date, date-time and byte), as generated examples
// claim to satisfy them.
var formatChecks = []openapi3.SchemaValidationOption{openapi3.WithStringFormatValidators(map[string]openapi3.StringFormatValidator{
	"uuid":      openapi3.NewRegexpFormatValidator(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`),
	"email":     openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail),
	"date":      openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringDate),
	"date-time": openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringDateTime),
	"byte":      openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringByte),
	"ipv4":      openapi3.NewIPValidator(true),
	"ipv6":      openapi3.NewIPValidator(false),
	"uri":       absoluteURI{},
	"url":       absoluteURI{},
})}

type absoluteURI struct{}

func (absoluteURI) Validate(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if u.Scheme == "" {
		return fmt.Errorf("%q is not an absolute URI", s)
	}
	return nil
}

// oneLine is the first line of an error (kin-openapi appends the schema
// and value on further lines).
func oneLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// Digest challenges of the examples' server: the SDK answers with the
// examples' placeholder credentials.
const (
	digestRealm, digestNonce = "exampletest", "exampletest-nonce"
	digestUser, digestPass   = "YOUR_USERNAME", "YOUR_PASSWORD"
)

// digestChallenge is the 401 a server sends to a request lacking the Digest
// answer its operation requires (any alternative naming an HTTP Digest
// scheme), as RFC 7616 has it; nil for other requests.
func digestChallenge(rt *routers.Route, req *http.Request) *http.Response {
	if strings.HasPrefix(strings.ToLower(req.Header.Get("Authorization")), "digest ") || rt.Spec.Components == nil {
		return nil
	}
	reqs := rt.Spec.Security
	if rt.Operation.Security != nil {
		reqs = *rt.Operation.Security
	}
	for _, alt := range reqs {
		for name := range alt {
			if s := rt.Spec.Components.SecuritySchemes[name]; s != nil && s.Value != nil && s.Value.Type == "http" && strings.EqualFold(s.Value.Scheme, "digest") {
				h := http.Header{}
				h.Set("WWW-Authenticate", fmt.Sprintf(`Digest realm=%q, qop="auth", algorithm=SHA-256, nonce=%q`, digestRealm, digestNonce))
				return &http.Response{StatusCode: http.StatusUnauthorized, Status: "401 Unauthorized", Header: h, Body: http.NoBody,
					Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Request: req}
			}
		}
	}
	return nil
}

// digestValid checks a Digest answer to digestChallenge (RFC 7616 section
// 3.4.1, SHA-256, qop auth) made with the examples' placeholders.
func digestValid(req *http.Request) error {
	auth := req.Header.Get("Authorization")
	p := map[string]string{}
	for _, part := range strings.Split(strings.TrimSpace(auth[len("digest "):]), ", ") {
		k, val, _ := strings.Cut(part, "=")
		p[strings.ToLower(k)] = strings.Trim(val, `"`)
	}
	h := func(parts ...string) string {
		sum := sha256.Sum256([]byte(strings.Join(parts, ":")))
		return hex.EncodeToString(sum[:])
	}
	want := h(h(digestUser, digestRealm, digestPass), digestNonce, p["nc"], p["cnonce"], "auth", h(req.Method, req.URL.RequestURI()))
	if p["username"] != digestUser || p["realm"] != digestRealm || p["nonce"] != digestNonce || p["uri"] != req.URL.RequestURI() || p["response"] != want {
		return fmt.Errorf("wrong Digest answer %q", auth)
	}
	return nil
}

// credentialsPresent accepts a security scheme when the request carries
// its credential, in the place the scheme names.
func credentialsPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	req := in.RequestValidationInput.Request
	s := in.SecurityScheme
	auth := req.Header.Get("Authorization")
	switch strings.ToLower(s.Type) {
	case "apikey":
		var ok bool
		switch s.In {
		case "header":
			ok = req.Header.Get(s.Name) != ""
		case "query":
			ok = req.URL.Query().Get(s.Name) != ""
		case "cookie":
			_, err := req.Cookie(s.Name)
			ok = err == nil
		}
		if !ok {
			return fmt.Errorf("no %s %q for scheme %s", s.In, s.Name, in.SecuritySchemeName)
		}
	case "http":
		scheme := strings.ToLower(s.Scheme)
		if !strings.HasPrefix(strings.ToLower(auth), scheme+" ") {
			return fmt.Errorf("no Authorization %s for scheme %s", s.Scheme, in.SecuritySchemeName)
		}
		if scheme == "digest" {
			return digestValid(req)
		}
	case "oauth2", "openidconnect":
		if !strings.HasPrefix(strings.ToLower(auth), "bearer ") {
			return fmt.Errorf("no bearer token for scheme %s", in.SecuritySchemeName)
		}
	default:
		return fmt.Errorf("scheme %s of type %s cannot be checked", in.SecuritySchemeName, s.Type)
	}
	return nil
}

func init() {
	for _, mt := range []string{"application/xml", "text/xml"} {
		openapi3filter.RegisterBodyDecoder(mt, decodeXML)
	}
	// Any other media type (images, HTML, vendor streams) is bytes.
	openapi3filter.RegisterBodyDecoder("*/*", openapi3filter.FileBodyDecoder)
}

// decodeXML reads an XML body into the JSON value its schema describes
// (OpenAPI's XML mapping: xml.name, xml.attribute, xml.wrapped), so it is
// validated like JSON.
func decodeXML(body io.Reader, _ http.Header, schema *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	var root node
	if err := xml.NewDecoder(body).Decode(&root); err != nil {
		return nil, fmt.Errorf("invalid XML: %w", err)
	}
	return root.value(schema), nil
}

type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func xmlName(s *openapi3.Schema, fallback string) (string, bool, bool) {
	if s != nil && s.XML != nil {
		name := s.XML.Name
		if name == "" {
			name = fallback
		}
		return name, s.XML.Attribute, s.XML.Wrapped
	}
	return fallback, false, false
}

func (n *node) value(ref *openapi3.SchemaRef) any {
	if ref == nil || ref.Value == nil {
		return n.Text
	}
	s := ref.Value
	if len(s.Properties) == 0 {
		return scalar(s, strings.TrimSpace(n.Text))
	}
	obj := map[string]any{}
	for prop, pref := range s.Properties {
		ps := pref.Value
		name, attr, wrapped := xmlName(ps, prop)
		if attr {
			for _, a := range n.Attrs {
				if a.Name.Local == name {
					obj[prop] = scalar(ps, a.Value)
				}
			}
			continue
		}
		if ps != nil && ps.Type.Is("array") {
			item, _, _ := xmlName(ps.Items.Value, name)
			children := n.Nodes
			if wrapped {
				children = nil
				for _, c := range n.Nodes {
					if c.XMLName.Local == name {
						children = c.Nodes
					}
				}
			}
			var list []any
			for i := range children {
				if children[i].XMLName.Local == item {
					list = append(list, children[i].value(ps.Items))
				}
			}
			if list != nil || wrapped {
				obj[prop] = append([]any{}, list...)
			}
			continue
		}
		for i := range n.Nodes {
			if n.Nodes[i].XMLName.Local == name {
				obj[prop] = n.Nodes[i].value(pref)
			}
		}
	}
	return obj
}

func scalar(s *openapi3.Schema, text string) any {
	switch {
	case s == nil:
		return text
	case s.Type.Is("integer"), s.Type.Is("number"):
		if f, err := strconv.ParseFloat(text, 64); err == nil {
			return f
		}
	case s.Type.Is("boolean"):
		if b, err := strconv.ParseBool(text); err == nil {
			return b
		}
	}
	return text
}
