package ir

import (
	"strings"
	"testing"
)

// Webhooks are operations in API.Webhooks, never in a Service: named from
// their key (and method when several), server names clear of the
// operations', located under /webhooks; one the generator cannot express
// is left out with a warning, not an error.
func TestWebhooks(t *testing.T) {
	api, warns := buildSpec(t, `openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /pets:
    post:
      operationId: petCreated
      responses: {"204": {description: ok}}
webhooks:
  petCreated:
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
      responses: {"200": {description: ok}}
  order.paid:
    post:
      parameters: [{name: X-Attempt, in: header, schema: {type: integer}}]
      responses: {"200": {description: ok}}
    put:
      responses: {"200": {description: ok}}
  upload:
    post:
      requestBody:
        content: {multipart/form-data: {}}
      responses: {"200": {description: ok}}
`)
	type row struct{ name, server, method, path, pointer, params string }
	var got []row
	for _, o := range api.Webhooks {
		r := row{o.Name, o.ServerName, o.Method, o.Path, o.Pointer, ""}
		if o.Params != nil {
			r.params = o.Params.TypeName
		}
		if o.Service != nil {
			t.Errorf("%s has a service", o.Name)
		}
		got = append(got, r)
	}
	want := []row{
		{"OrderPaidPut", "", "PUT", "/order.paid", "/webhooks/order.paid/put", ""}, // methods in path-item order
		{"OrderPaidPost", "", "POST", "/order.paid", "/webhooks/order.paid/post", "OrderPaidPostWebhookParams"},
		{"PetCreated", "PetCreatedWebhook", "POST", "/petCreated", "/webhooks/petCreated/post", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("webhooks = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("webhook %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	var ops int
	for _, s := range api.Services {
		ops += len(s.Operations)
	}
	if ops != 1 {
		t.Errorf("%d client operations, want 1", ops)
	}
	if len(api.Skipped) != 0 {
		t.Errorf("skipped = %v, want none (webhooks are not client operations)", api.Skipped)
	}
	for _, w := range []string{
		`/webhooks/upload/post/requestBody/content/multipart~1form-data/schema: warning: unsupported multipart body without a schema: left out`,
		`/webhooks: warning: webhooks are requests the API sends, not calls a client makes: "order.paid", "petCreated", "upload" left out of the client`,
	} {
		if !strings.Contains(warns, w) {
			t.Errorf("warnings:\n%s\nwant one containing %s", warns, w)
		}
	}
}
