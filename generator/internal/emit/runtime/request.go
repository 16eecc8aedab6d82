package sdkruntime

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	oapi "github.com/oapi-codegen/runtime"
)

// request is one call being built.
type request struct {
	ctx         context.Context
	method      string
	path        string
	server      string                 // the operation's own server, when the spec gives one
	baseURL     string                 // WithRequestBaseURL
	partHeaders map[string]http.Header // WithPartHeader, by multipart part name
	query       []string
	header      http.Header
	cookies     []*http.Cookie
	body        []byte
	stream      io.Reader // a streamed body, when body is nil
	streamLen   int64     // the streamed body's length, -1 when unknown
	contentType string
	accept      string
	errs        func(status int) any
	// security: the operation's security requirements when they override
	// the API's (nil: the API's; empty: none, an anonymous operation).
	security [][]string
	timeout  time.Duration
	nullable bool // the success body may be null (decoded as a nil result)
	err      error
	call     callConfig // per-call retry settings (retry.go)
}

func (c *core) newRequest(ctx context.Context, method, path, accept string, errs func(int) any, opts []RequestOption) *request {
	r := &request{ctx: ctx, method: method, path: path, accept: accept, errs: errs, header: http.Header{}}
	for _, o := range opts {
		if o != nil {
			o(r)
		}
	}
	return r
}

// base is the base URL r is sent to: WithRequestBaseURL's; else, for an
// operation with a server of its own, WithServerURL's for it, WithBaseURL's,
// or that server; else the client's.
func (c *core) base(r *request) string {
	switch {
	case r.baseURL != "":
		return r.baseURL
	case r.server == "":
		return c.baseURL
	case c.servers[r.server] != "":
		return c.servers[r.server]
	case c.baseURLSet:
		return c.baseURL
	}
	return r.server
}

func (r *request) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// pathParam substitutes {name} in the path with the styled, escaped value.
// A value can never change the shape of the path: "/" and "?" are escaped,
// and "." or ".." segments are percent-encoded.
func (r *request) pathParam(name, style string, explode bool, value any) {
	value, err := activeVariant(value)
	if err != nil {
		r.fail(fmt.Errorf("path parameter %s: %w", name, err))
		return
	}
	s, err := oapi.StyleParamWithLocation(style, explode, name, oapi.ParamLocationPath, value)
	if err != nil {
		r.fail(fmt.Errorf("path parameter %s: %w", name, err))
		return
	}
	switch s {
	case "":
		r.fail(fmt.Errorf("path parameter %s is empty", name))
		return
	case ".":
		s = "%2E"
	case "..":
		s = "%2E%2E"
	}
	r.path = strings.Replace(r.path, "{"+name+"}", s, 1)
}

// pathParams substitutes path parameters in the default style (simple,
// not exploded), given as name, value pairs: one call for an operation's
// usual path parameters.
func (r *request) pathParams(nameValues ...any) {
	for i := 0; i+1 < len(nameValues); i += 2 {
		r.pathParam(nameValues[i].(string), "simple", false, nameValues[i+1])
	}
}

// queryOpt appends an optional query parameter held by pointer: nil
// sends nothing. Not generic, so that an SDK compiles it once, not once
// per parameter type.
func (r *request) queryOpt(name, style string, explode, allowReserved bool, v any) {
	if v, ok := setValue(v); ok {
		r.queryParam(name, style, explode, allowReserved, v)
	}
}

// headerOpt sets an optional header parameter held by pointer: nil sends
// nothing.
func (r *request) headerOpt(name string, explode bool, v any) {
	if v, ok := setValue(v); ok {
		r.headerParam(name, explode, v)
	}
}

// cookieOpt adds an optional cookie parameter held by pointer: nil sends
// nothing.
func (r *request) cookieOpt(name string, explode bool, v any) {
	if v, ok := setValue(v); ok {
		r.cookieParam(name, explode, v)
	}
}

// setValue is the value an optional parameter's pointer points to, and
// whether it is set: false for a nil pointer (or nil); a value that is
// not a pointer is itself.
func setValue(p any) (any, bool) {
	v := reflect.ValueOf(p)
	switch {
	case !v.IsValid():
		return nil, false
	case v.Kind() != reflect.Pointer:
		return p, true
	case v.IsNil():
		return nil, false
	}
	return v.Elem().Interface(), true
}

// queryParam appends a styled query parameter. A deepObject parameter is
// written by the form encoder's deepObject convention (name=v for a
// scalar, name[k]=v and name[k][0]=v at every depth), which
// oapi-codegen/runtime gets wrong for a scalar (name[]=v); one allowing
// reserved characters by the form encoder too (escapeForm); a union in
// another style is styled as the variant it holds.
func (r *request) queryParam(name, style string, explode, allowReserved bool, value any) {
	if style == "deepObject" || allowReserved {
		// allowReserved: oapi-codegen/runtime leaves "&", "=", "+" and "#"
		// of a value bare, which changes what the server reads.
		g, err := genericJSON(value)
		if err != nil {
			r.fail(fmt.Errorf("query parameter %s: %w", name, err))
			return
		}
		var p formPairs
		if style == "deepObject" {
			p.deep([]string{name}, g, allowReserved)
		} else {
			p.property(name, g, partEncoding{Style: style, Explode: explode, AllowReserved: true})
		}
		r.query = append(r.query, p...)
		return
	}
	value, err := activeVariant(value)
	if err != nil {
		r.fail(fmt.Errorf("query parameter %s: %w", name, err))
		return
	}
	s, err := oapi.StyleParamWithOptions(style, explode, name, value, oapi.StyleParamOptions{ParamLocation: oapi.ParamLocationQuery, AllowReserved: allowReserved})
	if err != nil {
		r.fail(fmt.Errorf("query parameter %s: %w", name, err))
		return
	}
	if style == "spaceDelimited" {
		// The runtime joins with a bare space, which is not valid in a URL.
		s = strings.ReplaceAll(s, " ", "%20")
	}
	if s == "" {
		// An exploded empty object or array, which the runtime writes as
		// nothing, as if it were not set: an empty value, as the form
		// encoder writes it (formPairs.property).
		s = escapeForm(name, false) + "="
	}
	r.query = append(r.query, s)
}

// activeVariant is the generic JSON value (string, json.Number, bool,
// []any, map[string]any) of a union, so that parameters style the variant
// it holds; other values are returned as they are.
func activeVariant(value any) (any, error) {
	if _, ok := value.(interface{ Raw() json.RawMessage }); !ok {
		return value, nil
	}
	return genericJSON(value)
}

// headerParam sets a styled header parameter.
func (r *request) headerParam(name string, explode bool, value any) {
	value, err := activeVariant(value)
	if err != nil {
		r.fail(fmt.Errorf("header parameter %s: %w", name, err))
		return
	}
	s, err := oapi.StyleParamWithLocation("simple", explode, name, oapi.ParamLocationHeader, value)
	if err != nil {
		r.fail(fmt.Errorf("header parameter %s: %w", name, err))
		return
	}
	r.header.Set(name, s)
}

// cookieParam adds a cookie parameter.
func (r *request) cookieParam(name string, explode bool, value any) {
	value, err := activeVariant(value)
	if err != nil {
		r.fail(fmt.Errorf("cookie parameter %s: %w", name, err))
		return
	}
	s, err := oapi.StyleParamWithLocation("simple", explode, name, oapi.ParamLocationCookie, value)
	if err != nil {
		r.fail(fmt.Errorf("cookie parameter %s: %w", name, err))
		return
	}
	r.cookies = append(r.cookies, &http.Cookie{Name: name, Value: url.QueryEscape(s)})
}

// jsonBody encodes v as the request body. The bytes are kept, so the
// request can be sent again.
func (r *request) jsonBody(contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		r.fail(fmt.Errorf("encoding request body: %w", err))
		return
	}
	r.body, r.contentType = b, contentType
}

// jsonBodyOpt encodes an optional body held by pointer: nil sends no
// body.
func (r *request) jsonBodyOpt(contentType string, v any) {
	if _, ok := setValue(v); ok {
		r.jsonBody(contentType, v)
	}
}

// jsonParam sends a parameter described by content: application/json, as
// its JSON encoding.
func (r *request) jsonParam(in, name string, value any) {
	b, err := json.Marshal(value)
	if err != nil {
		r.fail(fmt.Errorf("%s parameter %s: %w", in, name, err))
		return
	}
	s := string(b)
	switch in {
	case "path":
		r.path = strings.Replace(r.path, "{"+name+"}", url.PathEscape(s), 1)
	case "query":
		r.query = append(r.query, url.QueryEscape(name)+"="+url.QueryEscape(s))
	case "header":
		r.header.Set(name, s)
	default:
		r.cookies = append(r.cookies, &http.Cookie{Name: name, Value: url.QueryEscape(s)})
	}
}

// serverURL fills a server URL template's variables from name, value,
// default triples; an empty value takes the default.
func serverURL(template string, nameValueDefault ...string) string {
	for i := 0; i+2 < len(nameValueDefault); i += 3 {
		v := nameValueDefault[i+1]
		if v == "" {
			v = nameValueDefault[i+2]
		}
		template = strings.ReplaceAll(template, "{"+nameValueDefault[i]+"}", url.PathEscape(v))
	}
	return template
}
