package shared_test

import (
	"encoding/json"
	"testing"

	"github.com/atriumgen/atriumgen/generator/testdata/shared/want"
)

// Charge and Refund hold one Status, one CaptureMethod and one expandable
// customer type: a value of one is a value of the other, and the wire
// form is unchanged.
func TestSharedTypesDecodeBothSchemas(t *testing.T) {
	var c shared.Charge
	if err := json.Unmarshal([]byte(`{"id":"ch_1","status":"active","capture_method":"manual","customer":"cus_1"}`), &c); err != nil {
		t.Fatal(err)
	}
	var r shared.Refund
	if err := json.Unmarshal([]byte(`{"status":"inactive","customer":{"id":"cus_1","name":"Ann"},"metadata":""}`), &r); err != nil {
		t.Fatal(err)
	}
	r.Status = c.Status // same type
	r.CaptureMethod = c.CaptureMethod
	if r.Status != shared.StatusActive || *r.CaptureMethod != shared.CaptureMethodManual {
		t.Fatalf("status %q, capture method %q", r.Status, *r.CaptureMethod)
	}
	id, err := c.Customer.AsString()
	if err != nil || id != "cus_1" {
		t.Fatalf("charge customer: %q, %v", id, err)
	}
	cust, err := r.Customer.AsCustomer()
	if err != nil || cust.ID != "cus_1" || cust.Name == nil || *cust.Name != "Ann" {
		t.Fatalf("refund customer: %+v, %v", cust, err)
	}
	v, err := r.Metadata.Value()
	if err != nil || v != shared.Metadata2Empty {
		t.Fatalf("metadata: %#v, %v", v, err)
	}
	city := "Paris"
	c.ShippingAddress = &shared.Address{City: &city}
	r.ReturnAddress = c.ShippingAddress // one struct type
	var reason shared.ChargeReason = shared.ChargeReasonFraudulent
	c.Reason, r.ChargeReason = &reason, &reason
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"capture_method":"manual","customer":"cus_1","id":"ch_1","reason":"fraudulent","shipping_address":{"city":"Paris"},"status":"active"}`; string(out) != want {
		t.Fatalf("charge encodes as %s, want %s", out, want)
	}
}
