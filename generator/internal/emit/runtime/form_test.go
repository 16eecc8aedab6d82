package sdkruntime

import (
	"strings"
	"testing"
	"time"

	oapi "github.com/oapi-codegen/runtime"
)

func TestEncodeForm(t *testing.T) {
	deep := partEncoding{Style: "deepObject", Explode: true}
	type address struct {
		City  string `json:"city"`
		Line1 string `json:"line1,omitempty"`
	}
	type shipping struct {
		Address address `json:"address"`
		Name    string  `json:"name"`
	}
	type item struct {
		Price    string `json:"price"`
		Quantity int    `json:"quantity"`
	}
	for _, c := range []struct {
		name string
		v    any
		enc  formEncoding
		want string
	}{
		// Finding 1: a deepObject object keeps its parent key, at every depth.
		{"deepObject map", map[string]any{"metadata": map[string]string{"order_id": "6735"}}, formEncoding{"metadata": deep}, "metadata[order_id]=6735"},
		{"deepObject nested struct", struct {
			Address  address  `json:"address"`
			Shipping shipping `json:"shipping"`
		}{address{City: "Paris"}, shipping{Address: address{City: "Lyon", Line1: "1 rue"}, Name: "Jo"}},
			formEncoding{"address": deep, "shipping": deep},
			"address[city]=Paris&shipping[address][city]=Lyon&shipping[address][line1]=1+rue&shipping[name]=Jo"},
		// Finding 2: arrays of objects keep parent and zero-based index.
		{"deepObject array of objects", map[string]any{"items": []item{{"p", 2}, {"q", 1}}}, formEncoding{"items": deep},
			"items[0][price]=p&items[0][quantity]=2&items[1][price]=q&items[1][quantity]=1"},
		// ... and so they do under style form, which cannot express them.
		{"form array of objects", map[string]any{"items": []item{{"p", 2}}}, formEncoding{"items": {Style: "form", Explode: true}}, "items[0][price]=p&items[0][quantity]=2"},
		// Without an Encoding Object a value goes by its content type:
		// objects as JSON text, arrays one key per item.
		{"default array of objects", map[string]any{"items": []item{{"p", 2}}}, nil, "items=%7B%22price%22%3A%22p%22%2C%22quantity%22%3A2%7D"},
		{"default object", map[string]any{"color": map[string]int{"R": 100, "G": 200}}, nil, "color=%7B%22G%22%3A200%2C%22R%22%3A100%7D"},
		// Finding 3: deepObject arrays of scalars are indexed.
		{"deepObject array of scalars", map[string]any{"enabled_events": []string{"a", "b"}}, formEncoding{"enabled_events": deep},
			"enabled_events[0]=a&enabled_events[1]=b"},
		{"deepObject scalar", map[string]any{"n": 5}, formEncoding{"n": deep}, "n=5"},
		// Style form, explode (the default) and not.
		{"form explode array", map[string]any{"tags": []string{"a", "b c"}}, nil, "tags=a&tags=b+c"},
		{"form array", map[string]any{"tags": []string{"a", "b,c"}}, formEncoding{"tags": {Style: "form"}}, "tags=a,b%2Cc"},
		{"form explode object", map[string]any{"color": map[string]int{"R": 100, "G": 200}}, formEncoding{"color": {Style: "form", Explode: true}}, "G=200&R=100"},
		{"form object", map[string]any{"color": map[string]int{"R": 100, "G": 200}}, formEncoding{"color": {Style: "form"}}, "color=G,200,R,100"},
		{"spaceDelimited", map[string]any{"tags": []string{"a", "b"}}, formEncoding{"tags": {Style: "spaceDelimited"}}, "tags=a%20b"},
		{"pipeDelimited", map[string]any{"tags": []string{"a", "b"}}, formEncoding{"tags": {Style: "pipeDelimited"}}, "tags=a|b"},
		// allowReserved leaves RFC 3986 reserved characters as they are,
		// but those with a meaning in a form.
		{"allowReserved", map[string]any{"path": "/a/b?c&d=e+f#[]", "q": "/a"}, formEncoding{"path": {Style: "form", Explode: true, AllowReserved: true}}, "path=/a/b?c%26d%3De%2Bf%23%5B%5D&q=%2Fa"},
		// A JSON contentType sends the JSON text.
		{"json contentType", map[string]any{"meta": map[string]int{"a": 1}}, formEncoding{"meta": {Explode: true, ContentType: "application/json"}}, "meta=%7B%22a%22%3A1%7D"},
		// Empty arrays and objects, null: an empty value.
		{"empty array", map[string]any{"tags": []string{}}, nil, "tags="},
		{"empty deep array", map[string]any{"m": map[string]any{"tags": []string{}}}, formEncoding{"m": deep}, "m[tags]="},
		{"empty object", map[string]any{"m": map[string]any{}}, formEncoding{"m": deep}, "m="},
		{"null", map[string]any{"n": nil, "d": map[string]any{"x": nil}}, formEncoding{"d": deep}, "d[x]=&n="},
		// Booleans, floats, times: their JSON text.
		{"scalars", map[string]any{"b": true, "f": 1.5, "g": 1e21, "t": time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}, nil,
			"b=true&f=1.5&g=1e%2B21&t=2024-01-02T03%3A04%3A05Z"},
		// Keys are escaped segment by segment; the brackets are not.
		{"escaped keys", map[string]any{"a b": map[string]string{"c[d]": "e&f"}}, formEncoding{"a b": deep}, "a+b[c%5Bd%5D]=e%26f"},
		{"nil body", nil, nil, ""},
	} {
		got, err := encodeForm(c.v, c.enc)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if string(got) != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
	if _, err := encodeForm([]int{1}, nil); err == nil {
		t.Error("an array body: no error")
	}
}

// Why deepObject query parameters do not use oapi-codegen/runtime: a
// scalar value (a union's integer variant) comes out as name[]=5.
func TestDeepObjectScalarDiffersFromOapi(t *testing.T) {
	theirs, err := oapi.MarshalDeepObject(5, "created")
	if err != nil {
		t.Fatal(err)
	}
	r := &request{}
	r.queryParam("created", "deepObject", true, false, 5)
	if len(r.query) != 1 || r.query[0] != "created=5" || theirs != "created[]=5" {
		t.Errorf("ours %q, oapi-codegen/runtime %q", r.query, theirs)
	}
	// Objects agree.
	theirs, _ = oapi.MarshalDeepObject(map[string]any{"gte": 5, "lt": []int{1}}, "created")
	r = &request{}
	r.queryParam("created", "deepObject", true, false, map[string]any{"gte": 5, "lt": []int{1}})
	if strings.Join(r.query, "&") != theirs {
		t.Errorf("ours %q, oapi-codegen/runtime %q", r.query, theirs)
	}
}

// Under allowReserved "+" and "&" of a value are still escaped: decoders
// read a bare "+" as a space and "&" as the next parameter, and
// oapi-codegen/runtime leaves them bare.
func TestAllowReservedPlus(t *testing.T) {
	theirs, err := oapi.StyleParamWithOptions("form", true, "q", "1+1 /&", oapi.StyleParamOptions{ParamLocation: oapi.ParamLocationQuery, AllowReserved: true})
	if err != nil {
		t.Fatal(err)
	}
	r := &request{}
	r.queryParam("q", "form", true, true, "1+1 /&")
	if len(r.query) != 1 || r.query[0] != "q=1%2B1%20/%26" || theirs != "q=1+1%20/&" {
		t.Errorf("ours %q, oapi-codegen/runtime %q", r.query, theirs)
	}
	if b, _ := encodeForm(map[string]string{"q": "1+1"}, formEncoding{"q": {Style: "form", Explode: true, AllowReserved: true}}); string(b) != "q=1%2B1" {
		t.Errorf("form: %s", b)
	}
}

// An exploded empty object, which oapi-codegen/runtime writes as nothing
// (so a set parameter would arrive as unset), is an empty value, as in
// form bodies and as oapi-codegen/runtime writes an empty array; values
// with members are oapi-codegen/runtime's.
func TestExplodedEmptyQuery(t *testing.T) {
	type opt struct {
		A *string `json:"a,omitempty"`
	}
	qopts := oapi.StyleParamOptions{ParamLocation: oapi.ParamLocationQuery}
	for _, v := range []any{map[string]any{}, opt{}} {
		theirs, err := oapi.StyleParamWithOptions("form", true, "p q", v, qopts)
		if err != nil {
			t.Fatal(err)
		}
		r := &request{}
		r.queryParam("p q", "form", true, false, v)
		if strings.Join(r.query, "&") != "p+q=" || theirs != "" {
			t.Errorf("%#v: ours %q, oapi-codegen/runtime %q", v, r.query, theirs)
		}
	}
	r := &request{}
	r.queryParam("p q", "form", true, false, []string{})
	if strings.Join(r.query, "&") != "p+q=" {
		t.Errorf("empty array: %q", r.query)
	}
	a := "1"
	r = &request{}
	r.queryParam("p", "form", true, false, opt{A: &a})
	if strings.Join(r.query, "&") != "a=1" {
		t.Errorf("set member: %q", r.query)
	}
}
