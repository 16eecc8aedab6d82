package srvruntime

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	oapi "github.com/oapi-codegen/runtime"
)

// maxBody bounds the size of a request body the handler decodes into
// memory (JSON, form, text, and the non-file parts of a multipart body).
const maxBody = 8 << 20

// maxStream bounds the size of a streamed body: an application/octet-stream
// body read by the Service, or a multipart body with its files (parts
// beyond maxBody spill to temporary files, removed after the call).
const maxStream = 1 << 30

// Error is an error a Service method returns to answer with a given status
// and the API's error body carrying Message. Any other error answers 500
// with a generic message and is logged.
type Error struct {
	Status  int    // HTTP status code, 4xx or 5xx
	Message string // sent to the client in the error body
}

// Error returns the message with its status.
func (e *Error) Error() string {
	return fmt.Sprintf("%d %s: %s", e.Status, http.StatusText(e.Status), e.Message)
}

// Errorf returns an *Error with a formatted message.
func Errorf(status int, format string, args ...any) *Error {
	return &Error{Status: status, Message: fmt.Sprintf(format, args...)}
}

// HandlerOption configures NewHandler.
type HandlerOption func(*handlerConfig)

type handlerConfig struct {
	prefix string
	log    *slog.Logger
}

// WithBaseURLPath serves the API under a path prefix, e.g. "/v1": a request
// for /v1/users is routed as /users. A trailing slash is ignored.
func WithBaseURLPath(prefix string) HandlerOption {
	return func(c *handlerConfig) { c.prefix = strings.TrimRight(prefix, "/") }
}

// WithErrorLog sets the logger that records the causes of 500 responses
// (errors returned by the Service that are not *Error, and results the
// handler cannot encode). The default is slog.Default().
func WithErrorLog(l *slog.Logger) HandlerOption {
	return func(c *handlerConfig) { c.log = l }
}

// route is one operation: its method, the method-less ServeMux pattern it
// is registered under (wildcards named by segment position; several path
// templates may share one) and its path template.
type route struct {
	method  string
	pattern string // e.g. /users/{s1}/members/{s3}
	path    string // e.g. /users/{user_guid}/members/{member_guid}
	// media is the request body's media type ("" for an operation without
	// a body). Operations with the same method and path and different body
	// kinds are told apart by the request's Content-Type.
	media string
	serve func(Service, *call)
	errs  func(status int, msg string) any // the operation's error body, nil for the fallback
}

// parsedRoute is a route with its path template parsed, as newHandler
// registers it.
type parsedRoute struct {
	*route
	segs []segment
	key  string // the template with parameter names erased
}

func parseRoute(rt *route) *parsedRoute {
	segs, key := parseTemplate(rt.path)
	return &parsedRoute{rt, segs, key}
}

// segment is one path segment of a template: a literal, or parameters
// with the literal text around and between them ({id}.pdf,
// {page}t.{format}): lits has one more element than names.
type segment struct {
	literal string
	names   []string
	lits    []string
}

func parseTemplate(path string) ([]segment, string) {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	segs := make([]segment, len(parts))
	keys := make([]string, len(parts))
	for i, p := range parts {
		if strings.IndexByte(p, '{') < 0 {
			segs[i], keys[i] = segment{literal: p}, p
			continue
		}
		var s segment
		lit := ""
		for p != "" {
			open := strings.IndexByte(p, '{')
			end := strings.IndexByte(p, '}')
			if open < 0 || end < open {
				lit += p
				break
			}
			s.lits = append(s.lits, lit+p[:open])
			s.names = append(s.names, p[open+1:end])
			lit, p = "", p[end+1:]
		}
		s.lits = append(s.lits, lit)
		segs[i], keys[i] = s, strings.Join(s.lits, "{}")
	}
	return segs, "/" + strings.Join(keys, "/")
}

// match reports whether the escaped path segments fit the template and
// returns the raw (still escaped) parameter values. A literal segment
// matches its unescaped text; in a segment with parameters the literal
// text around them must appear as written, every value is non-empty, and
// the text between two parameters splits at its first occurrence after the
// first (shortest-first: {page}.{format} reads "a.b.c" as "a" and "b.c").
func (rt *parsedRoute) match(parts []string) (map[string]string, bool) {
	if len(parts) != len(rt.segs) {
		return nil, false
	}
	vals := map[string]string{}
	for i, s := range rt.segs {
		p := parts[i]
		if s.names == nil {
			if u, err := url.PathUnescape(p); err != nil || u != s.literal {
				return nil, false
			}
			continue
		}
		first, last := s.lits[0], s.lits[len(s.lits)-1]
		if len(p) < len(first)+len(last)+len(s.names) || !strings.HasPrefix(p, first) || !strings.HasSuffix(p, last) {
			return nil, false
		}
		rest := p[len(first) : len(p)-len(last)]
		for k, name := range s.names[:len(s.names)-1] {
			sep := s.lits[k+1]
			at := -1
			if len(rest) > 1 {
				if j := strings.Index(rest[1:], sep); j >= 0 {
					at = j + 1
				}
			}
			if at < 0 {
				return nil, false
			}
			vals[name], rest = rest[:at], rest[at+len(sep):]
		}
		if rest == "" {
			return nil, false
		}
		vals[s.names[len(s.names)-1]] = rest
	}
	return vals, true
}

// moreSpecific reports whether template a is preferred over b when both
// match a path (templates of the same length). First, segments are
// compared left to right and the first where one is a literal segment and
// the other has parameters decides: the literal wins (/pets/findByStatus
// before /pets/{petId}, /gists/{id}/star before /gists/{id}/{sha}). Between
// templates alike in that, the first parameter segment with more literal
// text around its parameters wins ({id}.pdf before {id}, {page}t.{format}
// before {page}.{format}).
func moreSpecific(a, b []segment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if la, lb := a[i].names == nil, b[i].names == nil; la != lb {
			return la
		}
	}
	for i := range a {
		if a[i].names == nil || b[i].names == nil {
			continue
		}
		if na, nb := litLen(a[i]), litLen(b[i]); na != nb {
			return na > nb
		}
	}
	return false
}

// litLen is the length of the literal text in a segment with parameters.
func litLen(s segment) int {
	n := 0
	for _, l := range s.lits {
		n += len(l)
	}
	return n
}

// api is what the generated package tells newHandler about itself.
type api struct {
	routes []*route
	// errorBody builds the error body of requests matching no operation.
	errorBody        func(status int, msg string) any
	errorContentType string
}

type handler struct {
	mux *http.ServeMux
	cfg handlerConfig
	api *api
}

// newHandler registers one method-less ServeMux pattern per group of
// routes sharing it; the group's handler picks the route (see dispatch).
// Paths matching no pattern answer 404.
func newHandler(svc Service, a *api, opts []HandlerOption) http.Handler {
	h := &handler{mux: http.NewServeMux(), api: a}
	for _, o := range opts {
		if o != nil {
			o(&h.cfg)
		}
	}
	if h.cfg.log == nil {
		h.cfg.log = slog.Default()
	}
	groups := map[string][]*parsedRoute{}
	var order []string
	for _, rt := range a.routes {
		if groups[rt.pattern] == nil {
			order = append(order, rt.pattern)
		}
		groups[rt.pattern] = append(groups[rt.pattern], parseRoute(rt))
	}
	for _, p := range order {
		rts := groups[p]
		h.mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			h.dispatch(svc, rts, w, r)
		})
	}
	if groups["/"] == nil {
		h.mux.HandleFunc("/", h.notFound)
	}
	return h
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ServeHTTP strips the base path and routes the request.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.cfg.prefix != "" {
		p, rp := strings.TrimPrefix(r.URL.Path, h.cfg.prefix), strings.TrimPrefix(r.URL.RawPath, h.cfg.prefix)
		if len(p) == len(r.URL.Path) || (r.URL.RawPath != "" && len(rp) == len(r.URL.RawPath)) || (p != "" && p[0] != '/') {
			h.notFound(w, r)
			return
		}
		r2 := new(http.Request)
		*r2 = *r
		r2.URL = new(url.URL)
		*r2.URL = *r.URL
		r2.URL.Path, r2.URL.RawPath = p, rp
		if r2.URL.Path == "" {
			r2.URL.Path = "/"
		}
		r = r2
	}
	h.mux.ServeHTTP(w, r)
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.writeError(w, nil, http.StatusNotFound, fmt.Sprintf("no operation at %s %s", r.Method, r.URL.Path))
}

// dispatch serves a request with one of the routes sharing a ServeMux
// pattern. The path picks the template: the most specific one matching it
// (see moreSpecific), whatever the method. Then the method picks the
// operation (HEAD is served by GET when no HEAD operation exists); none
// answers 405 with Allow listing the template's methods. Then the
// Content-Type picks among operations of one method and path (pickMedia).
// No template matching answers 404.
func (h *handler) dispatch(svc Service, rts []*parsedRoute, w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/")
	var best *parsedRoute
	var vals map[string]string
	for _, rt := range rts {
		if v, ok := rt.match(parts); ok && (best == nil || moreSpecific(rt.segs, best.segs)) {
			best, vals = rt, v
		}
	}
	if best == nil {
		h.notFound(w, r)
		return
	}
	var cands []*parsedRoute
	var allow []string
	for _, method := range []string{r.Method, http.MethodGet} {
		for _, rt := range rts {
			if rt.key != best.key {
				continue
			}
			if rt.method == method {
				cands = append(cands, rt)
			}
			if !contains(allow, rt.method) {
				allow = append(allow, rt.method)
			}
		}
		if len(cands) > 0 || r.Method != http.MethodHead {
			break
		}
	}
	if len(cands) == 0 {
		if contains(allow, http.MethodGet) && !contains(allow, http.MethodHead) {
			allow = append(allow, http.MethodHead)
		}
		sort.Strings(allow)
		w.Header().Set("Allow", strings.Join(allow, ", "))
		h.writeError(w, nil, http.StatusMethodNotAllowed, fmt.Sprintf("method %s not allowed on %s", r.Method, r.URL.Path))
		return
	}
	rt := pickMedia(cands, r.Header.Get("Content-Type"))
	if rt == nil {
		var want []string
		for _, o := range cands {
			want = append(want, o.media)
		}
		msg := "want " + want[0]
		if len(want) > 1 {
			msg = "want one of " + strings.Join(want, ", ")
		}
		h.writeError(w, cands[0].errs, http.StatusUnsupportedMediaType, fmt.Sprintf("unsupported Content-Type %q: %s", r.Header.Get("Content-Type"), msg))
		return
	}
	if rt.path != best.path {
		vals, _ = rt.match(parts) // the same template, other parameter names
	}
	c := &call{h: h, w: w, r: r, route: rt.route, path: vals}
	defer c.cleanup()
	rt.serve(svc, c)
}

// pickMedia chooses among the operations of one method and path by the
// request's Content-Type: the one declaring exactly that media type, else
// the first that accepts it (application/json and +json types for a JSON
// body, wildcards); the first when the request names none (an absent or
// optional body); any operation without a body. nil means no operation
// takes the type.
func pickMedia(cands []*parsedRoute, header string) *parsedRoute {
	if header == "" {
		return cands[0]
	}
	if mt, _, err := mime.ParseMediaType(header); err == nil && len(cands) > 1 {
		for _, rt := range cands {
			if want, _, _ := mime.ParseMediaType(rt.media); want == mt {
				return rt
			}
		}
	}
	for _, rt := range cands {
		if rt.media == "" || mediaTypeOK(header, rt.media) {
			return rt
		}
	}
	return nil
}

// writeError answers status with the error body errs builds (nil: the
// API's fallback).
func (h *handler) writeError(w http.ResponseWriter, errs func(int, string) any, status int, msg string) {
	if errs == nil {
		errs = h.api.errorBody
	}
	b, err := json.Marshal(errs(status, msg))
	if err != nil {
		b = []byte(`{"message":"internal error"}`)
	}
	w.Header().Set("Content-Type", h.api.errorContentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// call is one request being served.
type call struct {
	h     *handler
	w     http.ResponseWriter
	r     *http.Request
	route *route
	path  map[string]string // raw escaped path parameter values
	query url.Values
	err   error // the first bad-input problem
	// multipart is the parsed multipart body and files its parts opened
	// for the Service: closed, and the temporary files removed, once the
	// call is answered.
	multipart *multipart.Form
	files     []io.Closer
}

// cleanup releases what binding the request held on to.
func (c *call) cleanup() {
	for _, f := range c.files {
		_ = f.Close()
	}
	if c.multipart != nil {
		_ = c.multipart.RemoveAll()
	}
}

// op is the name of the operation served, for error bodies and logs.
func (c *call) op() string { return c.route.method + " " + c.route.path }

func (c *call) bad(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf(format, args...)
	}
}

// ok reports whether the request bound without problems; if not it
// answers 400 naming the problem.
func (c *call) ok() bool {
	if c.err == nil {
		return true
	}
	c.h.writeError(c.w, c.route.errs, http.StatusBadRequest, c.err.Error())
	return false
}

// enumParam fails the call when a bound parameter holds a value its enum
// does not allow, as a request body's enum fields are checked. v is what was
// bound: a string enum, a pointer to one (nil when the parameter is absent)
// or a slice of them.
func enumParam(c *call, in, name string, v any, allowed ...string) {
	if c.err != nil {
		return
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return
		}
		rv = rv.Elem()
	}
	check := func(x reflect.Value) bool {
		if x.Kind() != reflect.String || slices.Contains(allowed, x.String()) {
			return true
		}
		c.bad("invalid %s parameter %q: unknown value %q (want one of %s)", in, name, x.String(), strings.Join(allowed, ", "))
		return false
	}
	if rv.Kind() == reflect.Slice {
		for i := range rv.Len() {
			if !check(rv.Index(i)) {
				return
			}
		}
		return
	}
	check(rv)
}

// paramOptions are the oapi binding options of a parameter location.
func paramOptions(in string, explode, required bool) oapi.BindStyledParameterOptions {
	loc := oapi.ParamLocationUndefined
	switch in {
	case "path":
		loc = oapi.ParamLocationPath
	case "header":
		loc = oapi.ParamLocationHeader
	case "cookie":
		loc = oapi.ParamLocationCookie
	}
	return oapi.BindStyledParameterOptions{ParamLocation: loc, Explode: explode, Required: required}
}

// pathParam binds the path parameter name into dst.
func pathParam[T any](c *call, name, style string, explode bool, dst *T) {
	raw, ok := c.path[name]
	if !ok || raw == "" {
		c.bad("missing path parameter %q", name)
		return
	}
	if err := bindStyled(style, name, raw, dst, paramOptions("path", explode, true)); err != nil {
		c.bad("invalid path parameter %q: %v", name, cause(err))
	}
}

// queryParam binds the query parameter name into dst: a value for a
// required parameter, a pointer (or slice) left nil when an optional one is
// absent.
//
// An object parameter (object true) exploded in form style has no key of
// its own: its presence is left to the binder.
func queryParam[T any](c *call, name, style string, explode, required, object bool, dst *T) {
	// A client may send ";" as it is (allowReserved), which url.ParseQuery
	// rejects; as %3B it means the same.
	q := strings.ReplaceAll(c.r.URL.RawQuery, ";", "%3B")
	if c.query == nil {
		v, err := url.ParseQuery(q)
		if err != nil {
			c.bad("invalid query string: %v", err)
			return
		}
		c.query = v
	}
	_, present := c.query[name]
	switch {
	case (object || isUnionType(reflect.TypeFor[T]()) && len(unionObjectFields(reflect.TypeFor[T]())) > 0) && explode && style == "form":
		// An exploded object, or a union that may hold one (see
		// formDecoder.explodedUnion), has no key of its own.
		present = len(c.query) > 0
	case style == "deepObject":
		for k := range c.query {
			if strings.HasPrefix(k, name+"[") {
				present = true
				break
			}
		}
	}
	if !present {
		if required {
			c.bad("missing required query parameter %q", name)
		}
		return
	}
	if t := deref(reflect.TypeFor[T]()); style == "deepObject" || !oapiBinds(t) {
		// The client's deepObject convention, unions (sent as the variant
		// they hold), objects, whose members oapi-codegen/runtime binds
		// as strings whatever their type, untyped values and arrays of
		// any of these, which it cannot bind at all (see queryValue).
		b, ok, err := queryValue(q, name, t, style, explode)
		if err == nil && !ok && required {
			c.bad("missing required query parameter %q", name)
			return
		}
		if err == nil && ok {
			err = json.Unmarshal(b, dst)
		}
		if err != nil {
			c.bad("invalid query parameter %q: %v", name, cause(err))
		}
		return
	}
	if err := oapi.BindRawQueryParameter(style, explode, required, name, q, dst); err != nil {
		c.bad("invalid query parameter %q: %v", name, cause(err))
	}
}

// oapiBinds reports whether oapi-codegen/runtime binds a styled value of
// type t as the client styles it: not a union (the client styles the
// variant it holds), an object (members bound as strings), an untyped
// value (it cannot bind to an interface) or an array of these (it binds
// items to structs or interfaces not at all).
func oapiBinds(t reflect.Type) bool {
	t = deref(t)
	if isSliceType(t) {
		t = deref(t.Elem())
	}
	return !isUnionType(t) && !isObjectType(t) && t.Kind() != reflect.Interface
}

// isUnionType reports whether t (after pointers) is a generated union,
// which has a Value method telling its variant.
func isUnionType(t reflect.Type) bool {
	t = deref(t)
	_, ok := reflect.PointerTo(t).MethodByName("Value")
	return ok && t.Kind() == reflect.Struct && reflect.PointerTo(t).Implements(unmarshalerType)
}

// jsonParam binds a parameter described by content: application/json (the
// client sends its JSON text) into dst; an absent optional one leaves dst
// as it is.
func jsonParam[T any](c *call, in, name string, required bool, dst *T) {
	var raw string
	present := false
	switch in {
	case "path":
		if v, ok := c.path[name]; ok {
			u, err := url.PathUnescape(v)
			raw, present = u, ok && err == nil
		}
	case "query":
		q, err := url.ParseQuery(strings.ReplaceAll(c.r.URL.RawQuery, ";", "%3B"))
		if vs := q[name]; err == nil && len(vs) > 0 {
			raw, present = vs[len(vs)-1], true
		}
	case "header":
		if vs := c.r.Header.Values(name); len(vs) > 0 {
			raw, present = vs[0], true
		}
	default:
		if ck, err := c.r.Cookie(name); err == nil {
			u, err := url.QueryUnescape(ck.Value)
			raw, present = u, err == nil
		}
	}
	if !present {
		if required {
			c.bad("missing required %s parameter %q", in, name)
		}
		return
	}
	if err := json.Unmarshal([]byte(raw), dst); err != nil {
		c.bad("invalid %s parameter %q: %v", in, name, cause(err))
	}
}

// headerParam binds a required header parameter into dst.
func headerParam[T any](c *call, name string, explode bool, dst *T) {
	vs := c.r.Header.Values(name)
	if len(vs) == 0 {
		c.bad("missing required header parameter %q", name)
		return
	}
	if err := bindStyled("simple", name, strings.Join(vs, ","), dst, paramOptions("header", explode, true)); err != nil {
		c.bad("invalid header parameter %q: %v", name, cause(err))
	}
}

// optHeaderParam binds an optional header parameter, leaving *dst nil when
// it is absent.
func optHeaderParam[T any](c *call, name string, explode bool, dst **T) {
	if len(c.r.Header.Values(name)) == 0 {
		return
	}
	v := new(T)
	headerParam(c, name, explode, v)
	*dst = v
}

// cookieParam binds a required cookie parameter (sent query-escaped).
func cookieParam[T any](c *call, name string, explode bool, dst *T) {
	ck, err := c.r.Cookie(name)
	if err != nil {
		c.bad("missing required cookie parameter %q", name)
		return
	}
	raw, err := url.QueryUnescape(ck.Value)
	if err == nil {
		err = bindStyled("simple", name, raw, dst, paramOptions("cookie", explode, true))
	}
	if err != nil {
		c.bad("invalid cookie parameter %q: %v", name, cause(err))
	}
}

// optCookieParam binds an optional cookie parameter, leaving *dst nil when
// it is absent.
func optCookieParam[T any](c *call, name string, explode bool, dst **T) {
	if _, err := c.r.Cookie(name); err != nil {
		return
	}
	v := new(T)
	cookieParam(c, name, explode, v)
	*dst = v
}

// optSliceHeader and optSliceCookie bind optional parameters whose Go type
// is nilable (slices, maps): absence leaves *dst nil.
func optSliceHeader[T any](c *call, name string, explode bool, dst *T) {
	if len(c.r.Header.Values(name)) > 0 {
		headerParam(c, name, explode, dst)
	}
}

func optSliceCookie[T any](c *call, name string, explode bool, dst *T) {
	if _, err := c.r.Cookie(name); err == nil {
		cookieParam(c, name, explode, dst)
	}
}

// cause strips oapi's wrapping down to a short reason.
func cause(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

// shape describes a JSON value for validation of request bodies: the keys
// an object requires, the keys that may be null, the allowed values of its
// string enum fields, and the shapes of nested objects (fields), of array
// items (elem) and of map values (values). A required key may be null only
// when it is nullable; a null where an object with required keys belongs
// (not a nullable key) misses those keys.
type shape struct {
	required []string
	nullable []string
	enums    map[string][]string
	fields   map[string]*shape
	elem     *shape
	values   *shape
}

// mediaTypeOK accepts the declared media type (a wildcard one, */* or
// image/*, accepts what it covers) and, for a JSON one, application/json
// and any +json type, ignoring parameters such as charset and boundary; a
// missing Content-Type is accepted.
func mediaTypeOK(header, declared string) bool {
	if header == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(header)
	if err != nil {
		return false
	}
	want, _, _ := mime.ParseMediaType(declared)
	switch {
	case mt == want, want == "*/*":
		return true
	case strings.HasSuffix(want, "/*"):
		return strings.HasPrefix(mt, strings.TrimSuffix(want, "*"))
	}
	return strings.HasSuffix(want, "json") && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// bodyToDecode reads the body for a decoder. ok is false when there is
// nothing to decode: an earlier problem, a read error, or an empty body
// (itself a problem when the body is required).
func (c *call) bodyToDecode(required bool) ([]byte, bool) {
	if c.err != nil {
		return nil, false
	}
	raw, ok := c.readBody()
	if !ok {
		return nil, false
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		if required {
			c.bad("body: missing request body")
		}
		return nil, false
	}
	return raw, true
}

// readBody reads the whole request body, at most maxBody bytes.
func (c *call) readBody() ([]byte, bool) {
	raw, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody+1))
	if err != nil {
		c.bad("body: reading: %v", err)
		return nil, false
	}
	if len(raw) > maxBody {
		c.bad("body: larger than %d bytes", maxBody)
		return nil, false
	}
	return raw, true
}

// jsonBody decodes the request body (its media type was checked when the
// request was routed) into *dst after checking that every field sh
// requires is present and that enum fields hold known values. An absent
// body leaves *dst nil, or is a problem when required.
func jsonBody[T any](c *call, required bool, sh *shape, dst **T) {
	raw, ok := c.bodyToDecode(required)
	if !ok {
		return
	}
	var generic any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&generic); err != nil {
		c.bad("body: invalid JSON: %v", err)
		return
	}
	if dec.More() {
		c.bad("body: invalid JSON: data after the value")
		return
	}
	if generic == nil {
		// null is no body: refused when one is required, else *dst
		// stays nil.
		if required {
			c.bad("body: missing request body (null)")
		}
		return
	}
	decodeChecked(c, raw, generic, sh, dst)
}

// decodeChecked checks generic (the body as generic JSON) against sh, then
// decodes raw into a new T stored in *dst.
func decodeChecked[T any](c *call, raw []byte, generic any, sh *shape, dst **T) {
	if msg := checkShape(sh, generic, ""); msg != "" {
		c.bad("body: %s", msg)
		return
	}
	v := new(T)
	if err := json.Unmarshal(raw, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			c.bad("body: field %q: cannot use JSON %s as %s", te.Field, te.Value, te.Type)
		} else {
			c.bad("body: %v", err)
		}
		return
	}
	*dst = v
}

// formBody decodes an application/x-www-form-urlencoded body into *dst, the
// inverse of the client's encoding by the body's encoding enc (see
// decodeForm); values are the text of their JSON form. The decoded value
// is checked against sh like a JSON body.
//
// An empty form is an empty object when the body is required (the client
// sends a body whose members are all absent so), and no body otherwise.
func formBody[T any](c *call, required bool, sh *shape, enc formEncoding, dst **T) {
	if c.err != nil {
		return
	}
	raw, ok := c.readBody()
	if !ok || len(bytes.TrimSpace(raw)) == 0 && !required {
		return
	}
	obj, err := decodeForm(string(raw), reflect.TypeFor[T](), enc)
	if err != nil {
		c.bad("body: %v", err)
		return
	}
	decodeJSONObject(c, obj, nil, sh, dst)
}

// decodeJSONObject encodes obj (JSON values by member name) and decodes it
// into *dst after the shape check; files are the names of file fields,
// present for the check only.
func decodeJSONObject[T any](c *call, obj map[string]any, files []string, sh *shape, dst **T) {
	b, err := json.Marshal(obj)
	if err != nil {
		c.bad("body: %v", err)
		return
	}
	var generic any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&generic); err != nil {
		c.bad("body: %v", err)
		return
	}
	if m, ok := generic.(map[string]any); ok {
		for _, f := range files {
			m[f] = map[string]any{}
		}
	}
	decodeChecked(c, b, generic, sh, dst)
}

var (
	readerType      = reflect.TypeFor[io.Reader]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textType        = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// jsonField is a struct field known by its JSON name.
type jsonField struct {
	name string
	t    reflect.Type
	idx  int
}

// jsonFields lists the exported fields of struct type t with their JSON
// names.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if !sf.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		out = append(out, jsonField{name, sf.Type, i})
	}
	return out
}

// isObjectType reports whether t (a struct, after pointers) is encoded as a
// JSON object of its fields rather than as a value of its own (dates,
// times, nullable wrappers and unions decode themselves).
func isObjectType(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	p := reflect.PointerTo(t)
	return !p.Implements(unmarshalerType) && !p.Implements(textType) || extraElem(t) != nil
}

// extraElem is the value type of the map keeping a struct's unknown members
// (additionalProperties: a map field its tag leaves out of JSON, filled by
// its UnmarshalJSON), or nil.
func extraElem(t reflect.Type) reflect.Type {
	if !reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil
	}
	for i := 0; i < t.NumField(); i++ {
		if sf := t.Field(i); sf.IsExported() && sf.Tag.Get("json") == "-" && sf.Type.Kind() == reflect.Map && sf.Type.Key().Kind() == reflect.String {
			return sf.Type.Elem()
		}
	}
	return nil
}

// formValues is the JSON of the text values of a field of type t: an
// array for a slice, else the last value.
func formValues(t reflect.Type, vs []string) (json.RawMessage, error) {
	if t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8 {
		items := make([]json.RawMessage, 0, len(vs))
		for _, v := range vs {
			item, err := formValue(t.Elem(), v)
			if err != nil {
				return nil, err
			}
			items = append(items, item)
		}
		return json.Marshal(items)
	}
	return formValue(t, vs[len(vs)-1])
}

// formValue is the JSON of one text value for type t: a string for string
// types; the text itself when it is JSON that t accepts (numbers, booleans,
// objects sent as JSON parts); else a string (dates and other types
// decoding from JSON strings).
func formValue(t reflect.Type, v string) (json.RawMessage, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	quoted, _ := json.Marshal(v)
	if t.Kind() == reflect.String || t.Kind() == reflect.Interface {
		return quoted, nil
	}
	if json.Valid([]byte(v)) && acceptsJSON(t, []byte(v)) {
		return json.RawMessage(v), nil
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return nil, fmt.Errorf("cannot use %q as %s", v, t)
	}
	if err := json.Unmarshal(quoted, reflect.New(t).Interface()); err != nil {
		return nil, fmt.Errorf("cannot use %q as %s: %w", v, t, cause(err))
	}
	return quoted, nil
}

// acceptsJSON reports whether b decodes into a t; for a union (a type with
// a Value method telling its variant), whether a variant takes it, so that
// "123" for a union of string and object stays a string.
func acceptsJSON(t reflect.Type, b []byte) bool {
	p := reflect.New(t)
	if json.Unmarshal(b, p.Interface()) != nil {
		return false
	}
	if u, ok := p.Interface().(interface{ Value() (any, error) }); ok {
		_, err := u.Value()
		return err == nil
	}
	return true
}

// multipartBody decodes a multipart/form-data body into *dst, the inverse
// of the client's encoding by the body's encoding enc: io.Reader fields
// (and []io.Reader) get the file parts of their name, readable until the
// Service returns; a field whose encoding gives a style is read from the
// parts its keys name (meta[a][0]), as a form body is; other fields from
// their text parts (objects carry JSON). The body may hold maxStream
// bytes; parts beyond maxBody in total wait in temporary files.
func multipartBody[T any](c *call, required bool, sh *shape, enc formEncoding, dst **T) {
	if c.err != nil {
		return
	}
	if c.r.ContentLength == 0 {
		if required {
			c.bad("body: missing request body")
		}
		return
	}
	c.r.Body = http.MaxBytesReader(c.w, c.r.Body, maxStream)
	mr, err := c.r.MultipartReader()
	if err != nil {
		c.bad("body: invalid multipart body: %v", err)
		return
	}
	form, err := mr.ReadForm(maxBody)
	if err != nil {
		c.bad("body: invalid multipart body: %v", err)
		return
	}
	c.multipart = form
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Struct {
		c.bad("body: a multipart body decodes into a struct, not %s", t)
		return
	}
	var files []string
	type fileField struct {
		f     jsonField
		parts []*multipart.FileHeader
	}
	var fileFields []fileField
	fields := jsonFields(t)
	isFile := map[string]bool{}
	for _, f := range fields {
		if f.t == readerType || f.t.Kind() == reflect.Slice && f.t.Elem() == readerType {
			isFile[f.name] = true
			if parts := form.File[f.name]; len(parts) > 0 {
				files = append(files, f.name)
				fileFields = append(fileFields, fileField{f, parts})
			}
		}
	}
	// The text parts (and parts sent with a file name that no file field
	// takes, read as text), as form pairs keyed by their names.
	var pairs []formPair
	add := func(name, text string) error {
		path := []string{name}
		if strings.Contains(name, "[") {
			p, err := splitFormKey(name)
			if err != nil {
				return err
			}
			path = p
		}
		pairs = append(pairs, formPair{path: path, raw: partRaw.Replace(url.QueryEscape(text))})
		return nil
	}
	for _, name := range sortedKeys(form.Value) {
		for _, v := range form.Value[name] {
			if err := add(name, v); err != nil {
				c.bad("body: part %q: %v", name, err)
				return
			}
		}
	}
	for _, name := range sortedKeys(form.File) {
		if isFile[name] {
			continue
		}
		for _, fh := range form.File[name] {
			if b, err := readPart(fh); err == nil {
				if err := add(name, string(b)); err != nil {
					c.bad("body: part %q: %v", name, err)
					return
				}
			}
		}
	}
	d := newFormDecoder(pairs, enc)
	d.multipart = true
	obj := map[string]any{}
	for _, f := range fields {
		if isFile[f.name] {
			continue
		}
		v, ok, err := d.property(f.name, f.t, enc.property(f.name))
		if err != nil {
			c.bad("body: field %q: %v", f.name, err)
			return
		}
		if ok {
			obj[f.name] = v
		}
	}
	if len(obj) == 0 && len(files) == 0 && !required {
		return
	}
	var v *T
	decodeJSONObject(c, obj, files, sh, &v)
	if v == nil {
		return
	}
	rv := reflect.ValueOf(v).Elem()
	for _, ff := range fileFields {
		var readers []io.Reader
		for _, fh := range ff.parts {
			fl, err := fh.Open()
			if err != nil {
				c.bad("body: part %q: %v", ff.f.name, err)
				return
			}
			c.files = append(c.files, fl)
			readers = append(readers, namedFile{fl, fh.Filename})
		}
		if ff.f.t == readerType {
			rv.Field(ff.f.idx).Set(reflect.ValueOf(&readers[0]).Elem())
		} else {
			rv.Field(ff.f.idx).Set(reflect.ValueOf(readers))
		}
	}
	*dst = v
}

// partRaw turns a part's escaped text back into what a form body would
// carry: the delimiters of non-exploded values stay literal.
var partRaw = strings.NewReplacer("%2C", ",", "%7C", "|")

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// namedFile is a file part: Name returns the file name the client sent.
type namedFile struct {
	multipart.File
	name string
}

// Name returns the part's file name.
func (f namedFile) Name() string { return f.name }

func readPart(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxBody))
}

// textBody reads a text body into *dst (a string, or a *string left nil
// when the body is empty and not required).
func textBody[T string | *string](c *call, required bool, dst *T) {
	if c.err != nil {
		return
	}
	raw, ok := c.readBody()
	if !ok {
		return
	}
	if len(raw) == 0 && required {
		c.bad("body: missing request body")
		return
	}
	switch d := any(dst).(type) {
	case *string:
		*d = string(raw)
	case **string:
		if len(raw) > 0 {
			s := string(raw)
			*d = &s
		}
	}
}

// streamBody hands the request body to the Service as it arrives, bounded
// to maxStream bytes; an empty body leaves *dst nil, or is a problem when
// required.
func streamBody(c *call, required bool, dst *io.Reader) {
	if c.err != nil {
		return
	}
	if c.r.ContentLength == 0 || c.r.Body == nil || c.r.Body == http.NoBody {
		if required {
			c.bad("body: missing request body")
		}
		return
	}
	*dst = http.MaxBytesReader(c.w, c.r.Body, maxStream)
}

// checkShape returns a message naming the first missing required field or
// unknown enum value (dotted path, [i] for array items), or "".
func checkShape(sh *shape, v any, at string) string {
	if sh == nil {
		return ""
	}
	if v == nil {
		if len(sh.required) > 0 {
			return fmt.Sprintf("missing required field %q", joinPath(at, sh.required[0]))
		}
		return ""
	}
	join := func(k string) string {
		if at == "" {
			return k
		}
		return at + "." + k
	}
	switch x := v.(type) {
	case map[string]any:
		for _, k := range sh.required {
			v, ok := x[k]
			if !ok {
				return fmt.Sprintf("missing required field %q", join(k))
			}
			if v == nil && !contains(sh.nullable, k) {
				return fmt.Sprintf("required field %q is null", join(k))
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if allowed, ok := sh.enums[k]; ok && x[k] != nil {
				if str, isStr := x[k].(string); !isStr || !contains(allowed, str) {
					return fmt.Sprintf("field %q: unknown value %s (want one of %s)", join(k), jsonText(x[k]), strings.Join(allowed, ", "))
				}
			}
			if x[k] == nil && contains(sh.nullable, k) {
				continue
			}
			if f := sh.fields[k]; f != nil {
				if m := checkShape(f, x[k], join(k)); m != "" {
					return m
				}
			} else if sh.values != nil {
				if m := checkShape(sh.values, x[k], join(k)); m != "" {
					return m
				}
			}
		}
	case []any:
		for i, e := range x {
			if m := checkShape(sh.elem, e, at+"["+strconv.Itoa(i)+"]"); m != "" {
				return m
			}
		}
	}
	return ""
}

func joinPath(at, k string) string {
	if at == "" {
		return k
	}
	return at + "." + k
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// fail answers a Service error: *Error with its status and message, any
// other error 500 with a generic message, logged.
func (c *call) fail(err error) {
	var e *Error
	if errors.As(err, &e) && e.Status >= 400 && e.Status <= 599 {
		c.h.writeError(c.w, c.route.errs, e.Status, e.Message)
		return
	}
	c.internal("service error", err)
}

func (c *call) internal(what string, err error) {
	c.h.cfg.log.Error(serverName+": "+what, "operation", c.op(), "error", err)
	c.h.writeError(c.w, c.route.errs, http.StatusInternalServerError, "internal server error")
}

// status resolves a result status: 0 means the first declared one, and the
// status must be one of codes or empty.
func (c *call) status(got int, codes, empty []int) (int, bool, bool) {
	if got == 0 {
		if len(codes) > 0 {
			return codes[0], false, true
		}
		if len(empty) > 0 {
			return empty[0], true, true
		}
		return http.StatusOK, true, true
	}
	for _, s := range codes {
		if s == got {
			return got, false, true
		}
	}
	for _, s := range empty {
		if s == got {
			return got, true, true
		}
	}
	c.internal("result status not declared", fmt.Errorf("status %d, declared %v %v", got, codes, empty))
	return 0, false, false
}

// bodyStatus resolves a result's status (see status) and answers it
// when it has no body; ok is true when the body (hasBody: one was given)
// is to be written with st.
func (c *call) bodyStatus(status int, codes, empty []int, hasBody bool) (st int, ok bool) {
	st, isEmpty, ok := c.status(status, codes, empty)
	switch {
	case !ok:
		return 0, false
	case isEmpty:
		c.w.WriteHeader(st)
		return 0, false
	case !hasBody:
		c.internal("nil result body", fmt.Errorf("status %d needs a body", st))
		return 0, false
	}
	return st, true
}

// writeJSON encodes a JSON result; empty codes are sent without a body.
func writeJSON[T any](c *call, contentType string, status int, body *T, codes, empty []int) {
	st, ok := c.bodyStatus(status, codes, empty, body != nil)
	if !ok {
		return
	}
	b, err := json.Marshal(body)
	if err != nil {
		c.internal("encoding result", err)
		return
	}
	c.w.Header().Set("Content-Type", contentType)
	c.w.WriteHeader(st)
	_, _ = c.w.Write(append(b, '\n'))
}

// writeStream copies a streamed result, closing it when it is an
// io.Closer. An empty contentType means defaultType, the declared one.
func writeStream(c *call, contentType, defaultType string, status int, body io.Reader, codes, empty []int) {
	if contentType == "" {
		contentType = defaultType
	}
	if cl, ok := body.(io.Closer); ok {
		defer cl.Close()
	}
	st, ok := c.bodyStatus(status, codes, empty, body != nil)
	if !ok {
		return
	}
	c.w.Header().Set("Content-Type", contentType)
	c.w.WriteHeader(st)
	if _, err := io.Copy(c.w, body); err != nil {
		c.h.cfg.log.Error(serverName+": streaming result", "operation", c.op(), "error", err)
	}
}

// writeEmpty answers a result without a body.
func writeEmpty(c *call, status int, empty []int) {
	if st, _, ok := c.status(status, nil, empty); ok {
		c.w.WriteHeader(st)
	}
}

// setHeader adds the result's response headers.
func setHeader(c *call, h http.Header) {
	for k, vs := range h {
		for _, v := range vs {
			c.w.Header().Add(k, v)
		}
	}
}
