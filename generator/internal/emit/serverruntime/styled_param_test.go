package srvruntime

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"reflect"
	"testing"

	oapi "github.com/oapi-codegen/runtime"
)

// intOrString stands in for a generated oneOf union of integer and string:
// it decodes itself and tells its variant.
type intOrString struct{ raw json.RawMessage }

func (u intOrString) MarshalJSON() ([]byte, error) { return u.raw, nil }
func (u *intOrString) UnmarshalJSON(b []byte) error {
	u.raw = append(json.RawMessage(nil), b...)
	_, err := u.Value()
	return err
}
func (u *intOrString) Value() (any, error) {
	var n int64
	if json.Unmarshal(u.raw, &n) == nil {
		return n, nil
	}
	var s string
	if json.Unmarshal(u.raw, &s) == nil {
		return s, nil
	}
	return nil, errors.New("neither integer nor string")
}

// pair stands in for a generated anyOf union of two objects, which
// declares its variants by its From<Variant> methods.
type pair struct{ raw json.RawMessage }

type pair1 struct {
	Item1 string `json:"item1"`
	Item2 string `json:"item2"`
}

type pair2 struct {
	Item2 *string `json:"item2,omitempty"`
	Item3 *string `json:"item3,omitempty"`
}

func (u *pair) FromPair1(v pair1) error { return u.from(v) }
func (u *pair) FromPair2(v pair2) error { return u.from(v) }
func (u *pair) from(v any) (err error) {
	u.raw, err = json.Marshal(v)
	return err
}

func (u pair) MarshalJSON() ([]byte, error) { return u.raw, nil }
func (u *pair) UnmarshalJSON(b []byte) error {
	u.raw = append(json.RawMessage(nil), b...)
	_, err := u.Value()
	return err
}
func (u *pair) Value() (any, error) {
	var m map[string]string
	err := json.Unmarshal(u.raw, &m)
	return m, err
}

// bindQuery binds the query parameter name of rawQuery into a T as a
// generated server does.
func bindQuery[T any](t *testing.T, rawQuery, name, style string, explode, object bool) (T, error) {
	t.Helper()
	var dst T
	c := &call{r: httptest.NewRequest("GET", "/x?"+rawQuery, nil)}
	queryParam(c, name, style, explode, false, object, &dst)
	return dst, c.err
}

// TestStyledParamsOapiCannotBind: parameters that oapi-codegen/runtime
// styles on the client but cannot bind on the server (arrays of unions,
// untyped values) and union objects arrive as the client sent them. The
// wire text is made by oapi-codegen/runtime's StyleParamWithOptions, which
// the client runtime calls (after activeVariant for a union value).
func TestStyledParamsOapiCannotBind(t *testing.T) {
	qopts := oapi.StyleParamOptions{ParamLocation: oapi.ParamLocationQuery}
	items := []intOrString{{json.RawMessage(`7`)}, {json.RawMessage(`"abc"`)}, {json.RawMessage(`-2`)}}
	for _, explode := range []bool{true, false} {
		q, err := oapi.StyleParamWithOptions("form", explode, "test2", items, qopts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := bindQuery[[]intOrString](t, q, "test2", "form", explode, false)
		if err != nil || !reflect.DeepEqual(got, items) {
			t.Errorf("array of unions, explode %v, %q: %v, %v", explode, q, got, err)
		}
		// An absent optional array stays nil.
		if got, err := bindQuery[[]intOrString](t, "other=1", "test2", "form", explode, false); err != nil || got != nil {
			t.Errorf("absent array of unions: %v, %v", got, err)
		}
	}
	// The client sends an untyped value (any) as its text; it arrives as
	// that text.
	for _, word := range []string{"plain", "1+1 & ü€", "true"} {
		q, err := oapi.StyleParamWithOptions("form", true, "filter", any(word), qopts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := bindQuery[any](t, q, "filter", "form", true, false)
		if err != nil || got != word {
			t.Errorf("any %q as %q: %#v, %v", word, q, got, err)
		}
	}
	// A union of objects is styled as the object it holds: a=1&b=2 or
	// p=a,1,b,2.
	obj := map[string]any{"item1": "x,y", "item2": "2"}
	for _, explode := range []bool{true, false} {
		q, err := oapi.StyleParamWithOptions("form", explode, "test", obj, qopts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := bindQuery[*pair](t, q, "test", "form", explode, true)
		if err != nil || got == nil {
			t.Fatalf("union object, explode %v, %q: %v, %v", explode, q, got, err)
		}
		if v, _ := got.Value(); !reflect.DeepEqual(v, map[string]string{"item1": "x,y", "item2": "2"}) {
			t.Errorf("union object, explode %v, %q: %v", explode, q, v)
		}
	}
	// Exploded, it reads only the members its variants declare: another
	// parameter's key is not one of them.
	got, err := bindQuery[*pair](t, "item3=z&test2=7&item2=y", "test", "form", true, false)
	if err != nil || got == nil || string(got.raw) != `{"item2":"y","item3":"z"}` {
		t.Errorf("union object among other parameters: %v, %v", got, err)
	}
	if got, err := bindQuery[*pair](t, "test2=7", "test", "form", true, false); err != nil || got != nil {
		t.Errorf("absent union object: %v, %v", got, err)
	}
	// An empty object variant, which the client sends as an empty value
	// (runtime TestExplodedEmptyQuery), is an empty object.
	if got, err := bindQuery[*pair](t, "test=&test2=7", "test", "form", true, false); err != nil || got == nil || string(got.raw) != `{}` {
		t.Errorf("empty union object: %v, %v", got, err)
	}
	// Headers: an array of unions and an untyped value.
	var hdr []intOrString
	if err := bindStyled("simple", "X-Items", `7,abc,-2`, &hdr, paramOptions("header", false, true)); err != nil || !reflect.DeepEqual(hdr, items) {
		t.Errorf("header array of unions: %v, %v", hdr, err)
	}
	var anyHdr any
	if err := bindStyled("simple", "X-Any", `word`, &anyHdr, paramOptions("header", false, true)); err != nil || anyHdr != "word" {
		t.Errorf("header any: %#v, %v", anyHdr, err)
	}
}
