package sdkruntime

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

type customer struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Created int64  `json:"created"`
}

type deletedCustomer struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

type pet struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// TestUnionValueAmbiguous: which variant a union holds, on the cases where
// more than one could decode it.
func TestUnionValueAmbiguous(t *testing.T) {
	// Stripe's customer | deleted customer: both decode any customer
	// object; required members and the deleted=true constant tell them
	// apart, whatever the order.
	expandable := []unionCase{
		unionVariant((*string)(nil), "s", nil),
		unionVariant((*customer)(nil), "o", nil, "created:i", "id:s", "object=\"customer\""),
		unionVariant((*deletedCustomer)(nil), "o", nil, "deleted=true", "id:s", "object=\"customer\""),
	}
	reversed := []unionCase{expandable[2], expandable[1], expandable[0]}
	// Two variants whose rules both match: the first in spec order wins.
	overlapping := []unionCase{
		unionVariant((*pet)(nil), "o", nil, "name:s"),
		unionVariant((*map[string]any)(nil), "o", nil, "name:s", "kind:s"),
	}
	// Integer before number: 3 is the integer, 3.5 is not.
	numbers := []unionCase{unionVariant((*int64)(nil), "i", nil), unionVariant((*float64)(nil), "n", nil)}
	// A discriminator wins over the order, and a missing discriminator
	// falls back to matching.
	tagged := []unionCase{
		unionVariant((*pet)(nil), "o", []string{"cat"}, "kind:s", "name:s"),
		unionVariant((*deletedCustomer)(nil), "o", []string{"gone"}, "kind:s", "deleted:b"),
	}
	for _, tc := range []struct {
		name, json, disc string
		cases            []unionCase
		want             any
		err              string
	}{
		{"id string", `"cus_1"`, "", expandable, "cus_1", ""},
		{"live customer", `{"id":"cus_1","object":"customer","created":5}`, "", expandable, customer{ID: "cus_1", Object: "customer", Created: 5}, ""},
		{"live customer, deleted listed first", `{"id":"cus_1","object":"customer","created":5}`, "", reversed, customer{ID: "cus_1", Object: "customer", Created: 5}, ""},
		{"deleted customer", `{"id":"cus_1","object":"customer","deleted":true}`, "", expandable, deletedCustomer{ID: "cus_1", Object: "customer", Deleted: true}, ""},
		{"deleted:false is not the deleted variant", `{"id":"cus_1","object":"customer","deleted":false}`, "", expandable, nil, "matches none"},
		{"wrong member kind", `{"id":1,"object":"customer","created":5}`, "", expandable, nil, "matches none"},
		{"both match: first wins", `{"name":"Rex","kind":"dog"}`, "", overlapping, pet{Name: "Rex", Kind: "dog"}, ""},
		{"only the first matches", `{"name":"Rex"}`, "", overlapping, pet{Name: "Rex"}, ""},
		{"integer", `3`, "", numbers, int64(3), ""},
		{"number", `3.5`, "", numbers, 3.5, ""},
		{"discriminator names the second", `{"kind":"gone","name":"x","deleted":true}`, "kind", tagged, deletedCustomer{Deleted: true}, ""},
		{"unknown discriminator value", `{"kind":"dog","name":"x"}`, "kind", tagged, nil, `unknown kind "dog"`},
		{"unset", ``, "", expandable, nil, "not set"},
		{"null", `null`, "", expandable, nil, "not set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := unionValue(json.RawMessage(tc.json), "U", tc.disc, tc.cases...)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %#v, %v; want error containing %q", got, err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %#v, %v; want %#v", got, err, tc.want)
			}
		})
	}
}

// TestUnionJSONRoundTrip: the embedded state encodes back the JSON it
// decoded, byte for byte, and an empty union is null.
func TestUnionJSONRoundTrip(t *testing.T) {
	type U struct{ unionJSON }
	var u U
	in := `{"b": 1,  "a":[2]}`
	if err := json.Unmarshal([]byte(in), &u); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(u)
	if err != nil || string(out) != `{"b":1,"a":[2]}` && string(out) != in {
		t.Fatalf("got %s, %v", out, err)
	}
	if string(u.Raw()) != in {
		t.Fatalf("Raw = %s", u.Raw())
	}
	if b, _ := json.Marshal(U{}); string(b) != "null" {
		t.Fatalf("empty = %s", b)
	}
}
