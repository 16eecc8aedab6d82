package spectest

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func loadSpec(t testing.TB) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromFile(filepath.Join(repoRoot(t), "spec", "atrium.yaml"))
	if err != nil {
		t.Fatalf("loading spec/atrium.yaml: %v", err)
	}
	return doc
}

// TestSpecValidates: spec/atrium.yaml is a valid OpenAPI 3.0 document whose examples match
// their schemas and whose formats are all known.
func TestSpecValidates(t *testing.T) {
	doc := loadSpec(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi is %q, want 3.0.3", doc.OpenAPI)
	}
	err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation(), openapi3.EnableSchemaFormatValidation())
	if err != nil {
		t.Fatalf("spec/atrium.yaml does not validate: %v", err)
	}
}

// TestSpecMatchesFacts: every operation and model of the facts is in the spec, as the facts
// describe it, and the spec holds nothing else beyond the allowlists of check_test.go.
func TestSpecMatchesFacts(t *testing.T) {
	for _, msg := range check(loadSpec(t), loadAmendedFacts(t)) {
		t.Error(msg)
	}
}

// TestCheckerCatchesDeletions mutates the spec in memory (restoring each mutation after it)
// and asserts that the checker reports every one, naming what was changed.
func TestCheckerCatchesDeletions(t *testing.T) {
	doc, f := loadSpec(t), loadAmendedFacts(t)
	if msgs := check(doc, f); len(msgs) > 0 {
		t.Fatalf("the unmutated spec does not pass the checker (%d messages, first: %s)", len(msgs), msgs[0])
	}
	// expect runs check and requires a message containing every one of want.
	expect := func(what string, want ...string) {
		t.Helper()
		msgs := check(doc, f)
		if !slices.ContainsFunc(msgs, func(m string) bool {
			for _, w := range want {
				if !strings.Contains(m, w) {
					return false
				}
			}
			return true
		}) {
			t.Errorf("%s: no message contains %q; got %q", what, want, msgs)
		}
	}

	for _, o := range f.Ops {
		pi := doc.Paths.Value(o.Path)
		op := pi.GetOperation(o.Method)
		pi.SetOperation(o.Method, nil)
		expect("deleting operation "+o.ID, "operation "+o.ID+" ", "missing")
		pi.SetOperation(o.Method, op)
	}

	fields := 0
	for _, m := range f.Models {
		s := doc.Components.Schemas[m.Name].Value
		for _, fl := range m.Fields {
			saved := s.Properties[fl.Name]
			delete(s.Properties, fl.Name)
			expect("deleting "+m.Name+"."+fl.Name, fmt.Sprintf("model %s: field %s missing", m.Name, fl.Name))
			s.Properties[fl.Name] = saved
			fields++
		}
	}
	if fields < 250 {
		t.Errorf("only %d fields mutated", fields)
	}

	// A parameter.
	op := doc.Paths.Value("/users/{user_guid}/members/{member_guid}").Get
	params := op.Parameters
	op.Parameters = slices.DeleteFunc(slices.Clone(params), func(p *openapi3.ParameterRef) bool {
		return p.Value.Name == "member_guid"
	})
	expect("deleting a parameter", "operation ReadMember (GET /users/{user_guid}/members/{member_guid}): path parameter member_guid missing")
	op.Parameters = params

	// A format: double → float.
	balance := doc.Components.Schemas["Account"].Value.Properties["balance"].Value
	balance.Format = "float"
	expect("double → float", "model Account: field balance", `format is "float", want "double"`)
	balance.Format = "double"

	// A parameter format: date → none (the component is shared by every transaction list).
	from := doc.Components.Parameters["from_date"].Value.Schema.Value
	from.Format = ""
	expect("from_date without format", "operation ListUserTransactions", "query parameter from_date", `want "date"`)
	from.Format = "date"

	// An extra property, an extra schema and an extra operation.
	member := doc.Components.Schemas["Member"].Value
	member.Properties["nickname"] = openapi3.NewStringSchema().NewRef()
	expect("extra field", "model Member: unexpected field nickname")
	delete(member.Properties, "nickname")

	doc.Components.Schemas["Nickname"] = openapi3.NewStringSchema().NewRef()
	expect("extra schema", "unexpected schema Nickname")
	delete(doc.Components.Schemas, "Nickname")

	users := doc.Paths.Value("/users")
	users.Patch = &openapi3.Operation{OperationID: "PatchUsers"}
	expect("extra operation", "unexpected operation PatchUsers (PATCH /users)")
	users.Patch = nil

	// A changed response schema, a dropped 204 and a dropped x-pagination.
	read := doc.Paths.Value("/users/{user_guid}").Get.Responses.Value("200").Value.Content[jsonMedia]
	saved := read.Schema
	read.Schema = openapi3.NewSchemaRef(schemaRefs+"MemberResponseBody", nil)
	expect("wrong response schema", "operation ReadUser", "UserResponseBody")
	read.Schema = saved

	challenges := doc.Paths.Value("/users/{user_guid}/members/{member_guid}/challenges").Get.Responses
	ok, noContent := challenges.Value("200"), challenges.Value("204")
	challenges.Delete("204")
	expect("dropped 204", "operation ListMemberMFAChallenges", "response 204 missing")
	challenges.Delete("200")
	expect("no success response", "operation ListMemberMFAChallenges", "no success response")
	expect("dropped 200", "operation ListMemberMFAChallenges", "response 200 missing")
	challenges.Set("204", noContent)
	challenges.Set("200", doc.Paths.Value("/users/{user_guid}/members/{member_guid}/credentials").Get.Responses.Value("200"))
	expect("wrong 200 schema", "operation ListMemberMFAChallenges", "ChallengesResponseBody")
	challenges.Set("200", ok)

	members := doc.Paths.Value("/users/{user_guid}/members").Get
	ext := members.Extensions[paginationX]
	delete(members.Extensions, paginationX)
	expect("dropped x-pagination", "operation ListMembers", paginationX)
	members.Extensions[paginationX] = ext

	// A status dropped from the ConnectionStatus enum.
	cs := doc.Components.Schemas["ConnectionStatus"].Value
	enum := cs.Enum
	cs.Enum = enum[:len(enum)-1]
	expect("dropped status", "schema ConnectionStatus")
	cs.Enum = enum

	if msgs := check(doc, f); len(msgs) > 0 {
		t.Errorf("mutations were not all restored: %q", msgs)
	}
}
