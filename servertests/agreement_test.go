// Package servertests proves the generated client (generated/atrium) and
// the generated server (generated/atriumserver) agree: every client
// operation is called against the generated handler, and the values the
// Service receives and the client decodes are compared with what was sent.
package servertests

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/oapi-codegen/runtime/types"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/atriumgen/atriumgen/generated/atriumserver"
)

// fake is a recording atriumserver.Service.
type fake struct {
	mu  sync.Mutex
	got map[string]any // operation → its *Request
	// answer returns the result (a *XxxResult) or error of an operation.
	answer func(op string) (any, error)
}

func newFake() *fake { return &fake{got: map[string]any{}} }

func serve[R any](f *fake, op string, req any) (*R, error) {
	f.mu.Lock()
	f.got[op] = req
	answer := f.answer
	f.mu.Unlock()
	if answer == nil {
		return nil, atriumserver.Errorf(http.StatusNotImplemented, "%s: no answer set", op)
	}
	res, err := answer(op)
	if err != nil {
		return nil, err
	}
	return res.(*R), nil
}

func (f *fake) take(op string) any {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.got[op]
	delete(f.got, op)
	return r
}

// declared are the success statuses of operations not answering just 200.
var declared = map[string][]int{
	"AggregateMember":         {200, 202},
	"AggregateMemberBalances": {200, 202},
	"CreateMember":            {202},
	"DeleteMember":            {204},
	"DeleteUser":              {204},
	"ExtendHistory":           {200, 202},
	"FetchStatements":         {200, 202},
	"IdentifyMember":          {200, 202},
	"ListMemberMFAChallenges": {200, 204},
	"ResumeMember":            {200, 202},
	"VerifyMember":            {200, 202},
}

func statuses(op string) []int {
	if s, ok := declared[op]; ok {
		return s
	}
	return []int{200}
}

// filler builds deterministic, fully populated values: every pointer set,
// two items in every slice and map, strings full of characters that need
// escaping in paths and queries.
type filler struct{ n int }

var (
	timeType = reflect.TypeOf(time.Time{})
	dateType = reflect.TypeOf(types.Date{})
)

// enumValues are valid values of the enum types requests use (bodies and
// parameters): the server rejects unknown ones.
var enumValues = map[reflect.Type]reflect.Value{
	reflect.TypeOf(atrium.MemberCreateRequestReferralSource("")): reflect.ValueOf(atrium.MemberCreateRequestReferralSourceApp),
	reflect.TypeOf(atrium.ReadOAuthWindowURIReferralSource("")):  reflect.ValueOf(atrium.ReadOAuthWindowURIReferralSourceApp),
}

func (f *filler) fill(v reflect.Value, name string, depth int) {
	f.n++
	n := f.n
	if e, ok := enumValues[v.Type()]; ok {
		v.Set(e)
		return
	}
	if v.Type() == timeType {
		v.Set(reflect.ValueOf(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(n) * time.Hour)))
		return
	}
	if v.Type() == dateType {
		v.Set(reflect.ValueOf(types.Date{Time: time.Date(2024, 2, n%28+1, 0, 0, 0, 0, time.UTC)}))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("%s a/b c?&=#%%ü+%d", name, n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt(int64(n))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(n) + 0.25)
	case reflect.Pointer:
		if depth > 6 {
			return
		}
		p := reflect.New(v.Type().Elem())
		f.fill(p.Elem(), name, depth+1)
		v.Set(p)
	case reflect.Slice:
		if depth > 6 {
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			f.fill(s.Index(i), fmt.Sprintf("%s[%d]", name, i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i := range 2 {
			e := reflect.New(v.Type().Elem()).Elem()
			f.fill(e, name, depth+1)
			m.SetMapIndex(reflect.ValueOf(fmt.Sprintf("k%d", i)), e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				f.fill(v.Field(i), v.Type().Field(i).Name, depth+1)
			}
		}
	case reflect.Interface:
		v.Set(reflect.ValueOf(fmt.Sprintf("%s-%d", name, n)))
	}
}

// operation is one client method and the matching Service method.
type operation struct {
	name   string
	method reflect.Value // bound client method
	req    reflect.Type  // atriumserver.XxxRequest
	res    reflect.Type  // atriumserver.XxxResult
}

func operations(c *atrium.Client) []operation {
	svcType := reflect.TypeOf((*atriumserver.Service)(nil)).Elem()
	var ops []operation
	cv := reflect.ValueOf(c).Elem()
	for i := 0; i < cv.NumField(); i++ {
		if !cv.Type().Field(i).IsExported() {
			continue
		}
		svc := cv.Field(i)
		for j := 0; j < svc.NumMethod(); j++ {
			name := svc.Type().Method(j).Name
			sm, ok := svcType.MethodByName(name)
			if !ok {
				continue
			}
			ops = append(ops, operation{name: name, method: svc.Method(j), req: sm.Type.In(1).Elem(), res: sm.Type.Out(0).Elem()})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].name < ops[j].name })
	return ops
}

// call builds the client arguments for op and the Request the Service
// should receive for them.
func (op operation) args(f *filler, withParams bool) ([]reflect.Value, reflect.Value) {
	mt := op.method.Type()
	in := []reflect.Value{reflect.ValueOf(context.Background())}
	want := reflect.New(op.req).Elem()
	bodyField, hasBody := op.req.FieldByName("Body")
	field := 0
	for i := 1; i < mt.NumIn()-1; i++ { // ctx first, opts last
		t := mt.In(i)
		v := reflect.New(t).Elem()
		switch {
		case t.Kind() == reflect.Pointer && strings.HasSuffix(t.Elem().Name(), "Params"):
			if withParams {
				f.fill(v, "param", 0)
				want.FieldByName("Params").Set(v.Elem())
			}
		case hasBody && (t == bodyField.Type || t == bodyField.Type.Elem()):
			f.fill(v, "body", 0)
			if t == bodyField.Type {
				want.FieldByName("Body").Set(v)
			} else {
				p := reflect.New(t)
				p.Elem().Set(v)
				want.FieldByName("Body").Set(p)
			}
		default:
			f.fill(v, "arg", 0)
			want.Field(field).Set(v)
			field++
		}
		in = append(in, v)
	}
	return in, want
}

var ignoreHeader = cmp.FilterPath(func(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	return ok && sf.Name() == "Header" && sf.Type() == reflect.TypeOf(http.Header{})
}, cmp.Ignore())

func start(t *testing.T, svc atriumserver.Service, opts ...atriumserver.HandlerOption) (*httptest.Server, *atrium.Client) {
	t.Helper()
	srv := httptest.NewServer(atriumserver.NewHandler(svc, opts...))
	t.Cleanup(srv.Close)
	return srv, atrium.NewClient("api-key", "client-id", atrium.WithBaseURL(srv.URL))
}

// TestEveryOperationAgrees calls all 48 operations: with optional
// parameters set and unset, for every declared success status, and with an
// error answer. The Service must receive exactly the typed values the
// client sent, and the client must decode exactly what the Service returned.
func TestEveryOperationAgrees(t *testing.T) {
	fk := newFake()
	_, client := start(t, fk)
	ops := operations(client)
	if len(ops) != 48 {
		t.Fatalf("found %d operations, want 48", len(ops))
	}
	f := &filler{}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			for _, withParams := range []bool{false, true} {
				for _, status := range append([]int{0}, statuses(op.name)...) {
					in, want := op.args(f, withParams)
					res := reflect.New(op.res)
					wantStatus := status
					if status == 0 {
						wantStatus = statuses(op.name)[0]
					}
					res.Elem().FieldByName("Status").SetInt(int64(status))
					var sentBody reflect.Value
					var pdf []byte
					if bf := res.Elem().FieldByName("Body"); bf.IsValid() && wantStatus != 204 {
						if bf.Kind() == reflect.Interface { // a stream
							pdf = []byte(fmt.Sprintf("%%PDF-1.4 %s %d\x00\xff", op.name, f.n))
							bf.Set(reflect.ValueOf(io.NopCloser(bytes.NewReader(pdf))))
						} else {
							f.fill(bf, "result", 0)
							sentBody = bf
						}
					}
					fk.answer = func(string) (any, error) { return res.Interface(), nil }

					out := op.method.Call(in)
					errV := out[len(out)-1]
					if !errV.IsNil() {
						t.Fatalf("params=%v status=%d: %v", withParams, status, errV.Interface())
					}
					got := fk.take(op.name)
					if got == nil {
						t.Fatalf("the Service was not called")
					}
					if d := cmp.Diff(want.Addr().Interface(), got, ignoreHeader); d != "" {
						t.Errorf("params=%v: request received differs from the one sent (-sent +received):\n%s", withParams, d)
					}
					resp := out[len(out)-2].Interface().(*atrium.Response)
					if resp.StatusCode != wantStatus {
						t.Errorf("status %d, want %d", resp.StatusCode, wantStatus)
					}
					switch {
					case pdf != nil:
						rc := out[0].Interface().(io.ReadCloser)
						b, err := io.ReadAll(rc)
						rc.Close()
						if err != nil || !bytes.Equal(b, pdf) {
							t.Errorf("stream = %q, %v; want %q", b, err, pdf)
						}
						if ct := resp.Header.Get("Content-Type"); ct != "application/vnd.mx.atrium.v1+pdf" {
							t.Errorf("stream Content-Type %q", ct)
						}
					case len(out) == 3: // JSON result
						if sentBody.IsValid() {
							if d := cmp.Diff(sentBody.Interface(), out[0].Interface()); d != "" {
								t.Errorf("decoded result differs from the one returned (-returned +decoded):\n%s", d)
							}
							if ct := resp.Header.Get("Content-Type"); ct != "application/vnd.mx.atrium.v1+json" {
								t.Errorf("Content-Type %q", ct)
							}
						} else if !out[0].IsNil() {
							t.Errorf("status %d: decoded %v, want nil", wantStatus, out[0].Interface())
						}
					}
				}
			}

			// An *atriumserver.Error reaches the client as an *APIError
			// carrying the spec's error body.
			in, _ := op.args(f, true)
			msg := fmt.Sprintf("no such thing for %s", op.name)
			fk.answer = func(string) (any, error) { return nil, atriumserver.Errorf(http.StatusNotFound, "%s", msg) }
			out := op.method.Call(in)
			fk.take(op.name)
			var apiErr *atrium.APIError
			err, _ := out[len(out)-1].Interface().(error)
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v, want *atrium.APIError", err)
			}
			detail, ok := apiErr.Detail.(*atrium.Error)
			if apiErr.StatusCode != http.StatusNotFound || !ok || detail.Error == nil || detail.Error.Message == nil || *detail.Error.Message != msg {
				t.Errorf("APIError %d, Detail %#v; want 404 with message %q", apiErr.StatusCode, apiErr.Detail, msg)
			}
		})
	}
}
