package formsserver_test

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/atriumgen/atriumgen/generator/testdata/forms/want"
	"github.com/atriumgen/atriumgen/generator/testdata/forms/want_server"
)

type recorder struct {
	formsserver.UnimplementedService
	create *forms.CustomerParams
	list   *formsserver.ListCustomersRequest
}

func (r *recorder) CreateCustomer(_ context.Context, req *formsserver.CreateCustomerRequest) (*formsserver.CreateCustomerResult, error) {
	r.create = req.Body
	return &formsserver.CreateCustomerResult{Body: &forms.Customer{}}, nil
}

func (r *recorder) ListCustomers(_ context.Context, req *formsserver.ListCustomersRequest) (*formsserver.ListCustomersResult, error) {
	r.list = req
	return &formsserver.ListCustomersResult{Body: &[]forms.Customer{}}, nil
}

func serve(t *testing.T) (*forms.Client, *recorder) {
	rec := &recorder{}
	srv := httptest.NewServer(formsserver.NewHandler(rec))
	t.Cleanup(srv.Close)
	return forms.NewClient(forms.WithBaseURL(srv.URL)), rec
}

// The generated server decodes exactly what the client encodes.
func TestFormBodyRoundTrip(t *testing.T) {
	c, rec := serve(t)
	var discount forms.CustomerParamsDiscount
	if err := discount.FromCustomerParamsDiscount2(forms.CustomerParamsDiscount2{Coupon: "SAVE", Percent: forms.Ptr(12.5)}); err != nil {
		t.Fatal(err)
	}
	var code forms.CustomerParamsDiscount
	if err := code.FromString("123"); err != nil {
		t.Fatal(err)
	}
	for _, body := range []forms.CustomerParams{{
		Name:          forms.Ptr("Jo & Co [x]=y"),
		Active:        forms.Ptr(false),
		Balance:       forms.Ptr(1.5),
		CreatedAt:     forms.Ptr(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)),
		Metadata:      map[string]string{"order_id": "6735", "a[b]": "c&d", "n": "7"},
		Address:       &forms.Address{City: forms.Ptr("Paris")},
		Shipping:      &forms.CustomerParamsShipping{Name: forms.Ptr("Jo"), Address: &forms.Address{City: forms.Ptr("Lyon"), PostalCode: forms.Ptr("01000")}},
		Items:         []forms.CustomerParamsItemsItem{{Price: "p", Quantity: forms.Ptr(int64(2))}, {Price: "q"}},
		EnabledEvents: []string{"a", "b,c"},
		Tags:          []string{"x", "y z"},
		Codes:         []int64{1, 2},
		Discount:      &discount,
		Extra:         &forms.CustomerParamsExtra{Note: forms.Ptr("n")},
		Preferences:   &forms.CustomerParamsPreferences{Language: forms.Ptr("fr")},
	}, {Discount: &code}, {}} {
		if _, _, err := c.Customers.CreateCustomer(context.Background(), body); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(&body, rec.create, unionJSON); d != "" {
			t.Errorf("server decoded (-sent +got):\n%s", d)
		}
	}
}

// unionJSON compares unions by the JSON they hold.
var unionJSON = cmp.Comparer(func(a, b forms.CustomerParamsDiscount) bool { return string(a.Raw()) == string(b.Raw()) })

// A deepObject query union round-trips in both its forms.
func TestDeepObjectQueryRoundTrip(t *testing.T) {
	c, rec := serve(t)
	var ts, rng forms.RangeOrTimestamp
	if err := ts.FromInt64(5); err != nil {
		t.Fatal(err)
	}
	if err := rng.FromRangeOrTimestamp1(forms.RangeOrTimestamp1{Gte: forms.Ptr(int64(5)), Lt: forms.Ptr(int64(9))}); err != nil {
		t.Fatal(err)
	}
	for _, v := range []forms.RangeOrTimestamp{ts, rng} {
		if _, _, err := c.Customers.ListCustomers(context.Background(), &forms.ListCustomersParams{Created: &v, Limit: forms.Ptr(int64(3))}); err != nil {
			t.Fatal(err)
		}
		if rec.list == nil || rec.list.Params.Created == nil || string(rec.list.Params.Created.Raw()) != string(v.Raw()) || *rec.list.Params.Limit != 3 {
			t.Errorf("server got %+v, sent %s", rec.list, v.Raw())
		}
	}
}

type updates struct {
	formsserver.UnimplementedService
	got []*forms.UpdateCustomerRequest
}

func (u *updates) UpdateCustomer(_ context.Context, req *formsserver.UpdateCustomerRequest) (*formsserver.UpdateCustomerResult, error) {
	u.got = append(u.got, req.Body)
	return &formsserver.UpdateCustomerResult{Body: &forms.Customer{}}, nil
}

// A nil optional form body reaches the Service as nil; a set one as sent.
func TestOptionalFormBodyRoundTrip(t *testing.T) {
	u := &updates{}
	srv := httptest.NewServer(formsserver.NewHandler(u))
	t.Cleanup(srv.Close)
	c := forms.NewClient(forms.WithBaseURL(srv.URL))
	sent := []*forms.UpdateCustomerRequest{nil, {Name: forms.Ptr("x"), Metadata: map[string]string{"k": "v"}}}
	for _, b := range sent {
		if _, _, err := c.Customers.UpdateCustomer(context.Background(), "cus_1", b); err != nil {
			t.Fatal(err)
		}
	}
	if d := cmp.Diff(sent, u.got); d != "" {
		t.Error(d)
	}
}

type files struct {
	formsserver.UnimplementedService
	got     *forms.CreateFileRequest
	content string
}

func (f *files) CreateFile(_ context.Context, req *formsserver.CreateFileRequest) (*formsserver.CreateFileResult, error) {
	f.got = req.Body
	b, err := io.ReadAll(req.Body.File)
	f.content = string(b)
	return &formsserver.CreateFileResult{Body: &forms.CreateFileResponse{}}, err
}

// A multipart body round-trips, styled (deepObject) parts included.
func TestMultipartRoundTrip(t *testing.T) {
	f := &files{}
	srv := httptest.NewServer(formsserver.NewHandler(f))
	t.Cleanup(srv.Close)
	c := forms.NewClient(forms.WithBaseURL(srv.URL))
	body := forms.CreateFileRequest{
		File:         strings.NewReader("PNG"),
		Purpose:      "p",
		FileLinkData: &forms.CreateFileRequestFileLinkData{Create: forms.Ptr(true), ExpiresAt: forms.Ptr(int64(7)), Metadata: map[string]string{"k": "v, w", "a[b]": "c"}},
		Meta:         &forms.CreateFileRequestMeta{Source: forms.Ptr("s")},
		Notes:        forms.Ptr("# hi"),
		Labels:       []string{"a", "b,c"},
	}
	if _, _, err := c.Files.CreateFile(context.Background(), body); err != nil {
		t.Fatal(err)
	}
	if f.content != "PNG" {
		t.Errorf("file %q", f.content)
	}
	if f.got != nil {
		f.got.File = nil
	}
	body.File = nil
	if d := cmp.Diff(&body, f.got); d != "" {
		t.Errorf("server decoded (-sent +got):\n%s", d)
	}
}
