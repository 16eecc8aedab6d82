package ir

import "testing"

// An allOf that adds nothing but one schema (a sibling type X has too, a
// description-only member) is that schema, and a free-form object
// component is a map: none of them is an empty struct, which would decode
// every value as nothing (Mollie's ids, Okta's ASN lists, Coinbase's
// contexts and events).
func TestAllOfOfOneAndFreeFormObjects(t *testing.T) {
	api, _ := buildSpec(t, `openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Plain: {type: string}
    Num: {type: integer}
    Asns: {type: array, items: {type: string}}
    A: {type: object, required: [a], properties: {a: {type: string}}}
    B: {type: object, required: [b], properties: {b: {type: integer}}}
    Event: {oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}
    CreatedEvent: {allOf: [{$ref: '#/components/schemas/Event'}]}
    Context: {type: object, additionalProperties: true}
    Free: {type: object}
    Closed: {type: object, additionalProperties: false}
    Entity:
      type: object
      properties:
        a: {type: string, allOf: [{$ref: '#/components/schemas/Plain'}]}
        d: {type: string, allOf: [{type: string, maxLength: 4}]}
        e: {type: integer, allOf: [{$ref: '#/components/schemas/Num'}]}
        asns: {allOf: [{$ref: '#/components/schemas/Asns'}, {description: An array of ASNs}]}
        mixed: {type: string, allOf: [{$ref: '#/components/schemas/Num'}]}
`)
	fields := map[string]string{}
	for _, f := range typeNamed(api, "Entity").Fields {
		fields[f.JSONName] = f.Type.String()
	}
	for name, want := range map[string]string{"a": "Plain", "d": "string", "e": "Num", "asns": "Asns"} {
		if fields[name] != want {
			t.Errorf("Entity.%s is %s, want %s", name, fields[name], want)
		}
	}
	if fields["mixed"] == "Num" {
		t.Errorf("Entity.mixed (type string, allOf an integer) read as the integer")
	}
	for name, want := range map[string]string{"CreatedEvent": "Event", "Context": "map[string]any", "Free": "map[string]any"} {
		if ty := typeNamed(api, name); ty == nil || ty.Kind != Alias || ty.Base.String() != want {
			t.Errorf("%s = %+v, want an alias of %s", name, ty, want)
		}
	}
	if ty := typeNamed(api, "Closed"); ty == nil || ty.Kind != Struct {
		t.Errorf("Closed (additionalProperties: false) = %+v, want the empty struct it is", ty)
	}
}
