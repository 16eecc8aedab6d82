package ir

import (
	"strings"
	"testing"
)

func TestResourceOf(t *testing.T) {
	for path, want := range map[string]string{
		"/v1/customers":                    "customers /v1/customers []",
		"/v1/customers/{customer}/sources": "customers /v1/customers [{customer} sources]",
		"/api/v2/users/{id}":               "users /api/v2/users [{id}]",
		"/rest/api/2/issue/{key}":          "issue /rest/api/2/issue [{key}]",
		"/pets":                            "pets /pets []",
		"/{tenant}/orders":                 "orders /{tenant}/orders []",
		"/v1":                              "v1 /v1 []",
		"/":                                "  []",
		"/2.0/repositories/{workspace}":    "repositories /2.0/repositories [{workspace}]",
	} {
		res, prefix, rest := resourceOf(path)
		if got := res + " " + prefix + " [" + strings.Join(rest, " ") + "]"; got != want {
			t.Errorf("resourceOf(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestResourceMethod(t *testing.T) {
	for in, want := range map[string]string{
		"GET":                                   "List",
		"POST":                                  "Create",
		"GET {customer}":                        "Get",
		"POST {customer}":                       "Update",
		"PUT {customer}":                        "Update",
		"PATCH {customer}":                      "Update",
		"DELETE {customer}":                     "Delete",
		"GET search":                            "Search",
		"GET {customer}/sources":                "ListSources",
		"POST {customer}/sources":               "CreateSource",
		"GET {customer}/sources/{id}":           "GetSource",
		"DELETE {customer}/sources/{id}":        "DeleteSource",
		"POST {customer}/sources/{id}/verify":   "VerifySource",
		"POST {invoice}/pay":                    "Pay",
		"GET {customer}/cash_balance":           "GetCashBalance",
		"POST {customer}/cash_balance":          "UpdateCashBalance",
		"GET {account}/external_accounts":       "ListExternalAccounts",
		"GET {c}/balance_transactions/{id}":     "GetBalanceTransaction",
		"DELETE {customer}/discount":            "DeleteDiscount",
		"GET {id}/entries/{e}":                  "GetEntry",
		"HEAD {id}":                             "Head",
		"DELETE {customer}/tax_ids":             "DeleteTaxIds",
		"POST {customer}/boxes":                 "CreateBox",
		"GET {x}/addresses/{y}":                 "GetAddress",
		"PUT":                                   "Put",
		"GET {account}/people":                  "ListPeople",
		"GET {account}/people/{person}":         "GetPerson",
		"POST {account}/people":                 "CreatePerson",
		"POST {customer}/sources/{id}/verified": "UpdateSourcesVerified",
	} {
		method, rest, _ := strings.Cut(in, " ")
		var segs []string
		if rest != "" {
			segs = strings.Split(rest, "/")
		}
		if got := resourceMethod(method, segs); got != want {
			t.Errorf("resourceMethod(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPathShaped(t *testing.T) {
	for _, c := range []struct {
		id, method, path string
		want             bool
	}{
		{"GetCustomersCustomer", "GET", "/v1/customers/{customer}", true},
		{"GetCustomersCustomerSourcesId", "GET", "/v1/customers/{customer}/sources/{id}", true},
		{"get_v1_customers", "GET", "/v1/customers", true},
		{"PostCustomers", "POST", "/v1/customers", true},
		{"listPets", "GET", "/pets", false},
		{"GetPets", "GET", "/pets", true},
		{"createCustomer", "POST", "/v1/customers", false},
		{"GetBalance", "GET", "/v1/balance", true},
	} {
		if got := pathShaped(c.id, c.method, c.path); got != c.want {
			t.Errorf("pathShaped(%q, %s %s) = %v", c.id, c.method, c.path, got)
		}
	}
}

func TestBodySuffix(t *testing.T) {
	for ct, want := range map[string]string{
		"application/xml":                   "XML",
		"text/xml":                          "XML",
		"application/atom+xml":              "XML",
		"application/x-www-form-urlencoded": "Form",
		"application/octet-stream":          "Binary",
	} {
		kind := BodyBinary
		if strings.Contains(ct, "form") {
			kind = BodyForm
		}
		if got := bodySuffix(&Body{ContentType: ct, Kind: kind}); got != want {
			t.Errorf("bodySuffix(%s) = %s, want %s", ct, got, want)
		}
	}
}
