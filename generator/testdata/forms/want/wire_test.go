package forms_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generator/testdata/forms/want"
)

// seen is one request as the server received it.
type seen struct {
	method, host, path, query, contentType string
	body                                   string
	hasContentType                         bool
}

func capture(t *testing.T) (*forms.Client, *seen) {
	s := &seen{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		_, s.hasContentType = r.Header["Content-Type"]
		*s = seen{method: r.Method, host: r.Host, path: r.URL.Path, query: r.URL.RawQuery, contentType: r.Header.Get("Content-Type"), body: string(b), hasContentType: s.hasContentType}
		w.Header().Set("Content-Type", "application/json")
		if r.Method == "GET" && r.URL.Path == "/v1/customers" {
			_, _ = w.Write([]byte(`[]`))
			return
		}
		_, _ = w.Write([]byte(`{"id":"cus_1"}`))
	}))
	t.Cleanup(srv.Close)
	return forms.NewClient(forms.WithBaseURL(srv.URL)), s
}

// Findings 1–3 of issue 14: a deepObject property keeps its parent key at
// every depth, arrays of objects keep parent and zero-based index, arrays
// of scalars are indexed; the other properties follow their encoding
// (codes explode: false; extra contentType JSON) or, without one, their
// content type (preferences, an object, as JSON; tags repeated).
func TestFormBodyWire(t *testing.T) {
	c, s := capture(t)
	var discount forms.CustomerParamsDiscount
	if err := discount.FromCustomerParamsDiscount2(forms.CustomerParamsDiscount2{Coupon: "SAVE", Percent: forms.Ptr(12.5)}); err != nil {
		t.Fatal(err)
	}
	body := forms.CustomerParams{
		Name:          forms.Ptr("Jo & Co"),
		Active:        forms.Ptr(false),
		Balance:       forms.Ptr(1.5),
		CreatedAt:     forms.Ptr(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)),
		Metadata:      map[string]string{"order_id": "6735"},
		Address:       &forms.Address{City: forms.Ptr("Paris")},
		Shipping:      &forms.CustomerParamsShipping{Name: forms.Ptr("Jo"), Address: &forms.Address{City: forms.Ptr("Lyon")}},
		Items:         []forms.CustomerParamsItemsItem{{Price: "p", Quantity: forms.Ptr(int64(2))}, {Price: "q"}},
		EnabledEvents: []string{"a", "b"},
		Tags:          []string{"x", "y z"},
		Codes:         []int64{1, 2},
		Discount:      &discount,
		Extra:         &forms.CustomerParamsExtra{Note: forms.Ptr("n")},
		Preferences:   &forms.CustomerParamsPreferences{Language: forms.Ptr("fr")},
	}
	if _, _, err := c.Customers.CreateCustomer(context.Background(), body); err != nil {
		t.Fatal(err)
	}
	want := "active=false" +
		"&address[city]=Paris" +
		"&balance=1.5" +
		"&codes=1,2" +
		"&created_at=2024-01-02T03%3A04%3A05Z" +
		"&discount[coupon]=SAVE&discount[percent]=12.5" +
		"&enabled_events[0]=a&enabled_events[1]=b" +
		"&extra=%7B%22note%22%3A%22n%22%7D" +
		"&items[0][price]=p&items[0][quantity]=2&items[1][price]=q" +
		"&metadata[order_id]=6735" +
		"&name=Jo+%26+Co" +
		"&preferences=%7B%22language%22%3A%22fr%22%7D" +
		"&shipping[address][city]=Lyon&shipping[name]=Jo" +
		"&tags=x&tags=y+z"
	if s.body != want {
		t.Errorf("body\n got %s\nwant %s", s.body, want)
	}
	if s.contentType != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type %q", s.contentType)
	}
	// A union encodes by its active variant: a string discount is a plain value.
	var code forms.CustomerParamsDiscount
	if err := code.FromString("SPRING"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Customers.CreateCustomer(context.Background(), forms.CustomerParams{Discount: &code}); err != nil {
		t.Fatal(err)
	}
	if s.body != "discount=SPRING" {
		t.Errorf("string discount: %s", s.body)
	}
}

// Finding 4 of issue 14: a deepObject query parameter whose schema is
// anyOf [object, integer] sends its integer form as created=5 and its
// object form as created[gte]=5 (oapi-codegen/runtime writes created[]=5).
func TestDeepObjectQueryUnion(t *testing.T) {
	c, s := capture(t)
	var ts forms.RangeOrTimestamp
	if err := ts.FromInt64(5); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Customers.ListCustomers(context.Background(), &forms.ListCustomersParams{Created: &ts, Limit: forms.Ptr(int64(2))}); err != nil {
		t.Fatal(err)
	}
	if s.query != "created=5&limit=2" {
		t.Errorf("scalar: %s", s.query)
	}
	var rng forms.RangeOrTimestamp
	if err := rng.FromRangeOrTimestamp1(forms.RangeOrTimestamp1{Gte: forms.Ptr(int64(5)), Lt: forms.Ptr(int64(9))}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Customers.ListCustomers(context.Background(), &forms.ListCustomersParams{Created: &rng}); err != nil {
		t.Fatal(err)
	}
	if s.query != "created[gte]=5&created[lt]=9" {
		t.Errorf("object: %s", s.query)
	}
}

// Finding 6 of issue 14: a nil optional form body is sent empty with its
// declared media type. Finding 7: a GET or DELETE whose spec declares a
// form body that can hold nothing (no properties, additionalProperties
// false) takes no body argument and sends no body.
func TestEmptyFormBodies(t *testing.T) {
	c, s := capture(t)
	if _, _, err := c.Customers.UpdateCustomer(context.Background(), "cus_1", nil); err != nil {
		t.Fatal(err)
	}
	if s.method != "POST" || s.contentType != "application/x-www-form-urlencoded" || s.body != "" {
		t.Errorf("nil body: %s %q %q", s.method, s.contentType, s.body)
	}
	if _, _, err := c.Customers.UpdateCustomer(context.Background(), "cus_1", &forms.UpdateCustomerRequest{Metadata: map[string]string{"a": "1"}}); err != nil {
		t.Fatal(err)
	}
	if s.body != "metadata[a]=1" {
		t.Errorf("body: %q", s.body)
	}
	if _, _, err := c.Customers.GetCustomer(context.Background(), "cus_1"); err != nil {
		t.Fatal(err)
	}
	if s.method != "GET" || s.hasContentType || s.body != "" {
		t.Errorf("GET: %s %q %q", s.method, s.contentType, s.body)
	}
	if _, err := c.Customers.DeleteCustomer(context.Background(), "cus_1"); err != nil {
		t.Fatal(err)
	}
	if s.method != "DELETE" || s.hasContentType || s.body != "" {
		t.Errorf("DELETE: %s %q %q", s.method, s.contentType, s.body)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Finding 5 of issue 14: operation- and path-level servers are the
// default base URL of their operations, overridable per client
// (WithServerURL for one server, WithBaseURL for every call) and per call
// (WithRequestBaseURL).
func TestOperationServers(t *testing.T) {
	var got []string
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = append(got, r.URL.Scheme+"://"+r.URL.Host+r.URL.Path)
		return &http.Response{StatusCode: 204, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
	})}
	ctx := context.Background()
	calls := func(c *forms.Client, opts ...forms.RequestOption) {
		got = nil
		if _, err := c.Files.CreateUpload(ctx, forms.CreateUploadRequest{Name: "n"}, opts...); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Customers.DeleteCustomer(ctx, "cus_1", opts...); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name   string
		client *forms.Client
		opts   []forms.RequestOption
		want   []string
	}{
		{"defaults", forms.NewClient(forms.WithHTTPClient(hc)), nil,
			[]string{"https://uploads.example.com/v1/uploads", "https://api.example.com/v1/customers/cus_1"}},
		{"WithServerURL", forms.NewClient(forms.WithHTTPClient(hc), forms.WithServerURL("https://uploads.example.com/", "http://up.test")), nil,
			[]string{"http://up.test/v1/uploads", "https://api.example.com/v1/customers/cus_1"}},
		{"WithBaseURL", forms.NewClient(forms.WithHTTPClient(hc), forms.WithBaseURL("http://b.test")), nil,
			[]string{"http://b.test/v1/uploads", "http://b.test/v1/customers/cus_1"}},
		{"WithRequestBaseURL", forms.NewClient(forms.WithHTTPClient(hc), forms.WithServerURL("https://uploads.example.com", "http://up.test")),
			[]forms.RequestOption{forms.WithRequestBaseURL("http://c.test/")},
			[]string{"http://c.test/v1/uploads", "http://c.test/v1/customers/cus_1"}},
	} {
		calls(c.client, c.opts...)
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s:\n got %v\nwant %v", c.name, got, c.want)
		}
	}
}

// Finding 8 of issue 14: multipart parts honour the encoding: a styled
// object (deepObject) is one part per bracketed key (OpenAPI 3.1.1), an
// object without one is a JSON part, arrays repeat the part, the file
// part takes the encoding's contentType and the headers given with a
// FilePart, a text part its contentType; WithPartHeader adds headers to
// any part.
func TestMultipartWire(t *testing.T) {
	c, s := capture(t)
	body := forms.CreateFileRequest{
		File:         forms.FilePart{Reader: strings.NewReader("PNG"), Filename: "a.png", Header: http.Header{"X-Checksum": {"abc"}}},
		Purpose:      "dispute_evidence",
		FileLinkData: &forms.CreateFileRequestFileLinkData{Create: forms.Ptr(true), ExpiresAt: forms.Ptr(int64(7)), Metadata: map[string]string{"k": "v w"}},
		Meta:         &forms.CreateFileRequestMeta{Source: forms.Ptr("s")},
		Notes:        forms.Ptr("# hi"),
		Labels:       []string{"a", "b"},
	}
	if _, _, err := c.Files.CreateFile(context.Background(), body, forms.WithPartHeader("purpose", "X-Note", "n"), forms.WithPartHeader("file_link_data[create]", "X-A", "1")); err != nil {
		t.Fatal(err)
	}
	const prefix = "multipart/form-data; boundary="
	if !strings.HasPrefix(s.contentType, prefix) {
		t.Fatalf("Content-Type %q", s.contentType)
	}
	got := strings.ReplaceAll(s.body, strings.TrimPrefix(s.contentType, prefix), "B")
	part := func(name, header, text string) string {
		return "--B\r\nContent-Disposition: form-data; name=\"" + name + "\"" + header + "\r\n\r\n" + text + "\r\n"
	}
	want := "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\nX-Checksum: abc\r\n\r\nPNG\r\n" +
		part("file_link_data[create]", "\r\nX-A: 1", "true") +
		part("file_link_data[expires_at]", "", "7") +
		part("file_link_data[metadata][k]", "", "v w") +
		part("labels", "", "a") +
		part("labels", "", "b") +
		part("meta", "\r\nContent-Type: application/json", `{"source":"s"}`) +
		part("notes", "\r\nContent-Type: text/markdown", "# hi") +
		part("purpose", "\r\nX-Note: n", "dispute_evidence") +
		"--B--\r\n"
	if got != want {
		t.Errorf("body\n got %q\nwant %q", got, want)
	}
}
