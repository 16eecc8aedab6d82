package load

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// The options loadWith validates with.
var testValidationOptions = []openapi3.ValidationOption{
	openapi3.EnableMultiError(),
	openapi3.DisableExamplesValidation(),
	openapi3.DisableSchemaPatternValidation(),
	openapi3.DisableSchemaDefaultsValidation(),
	openapi3.AllowExtensionsWithRef(),
}

// TestFastValidateAgreesWithValidate: on every spec under the generator's
// testdata (valid and invalid ones), the one-pass validation accepts
// exactly what kin-openapi's own Validate accepts, and leaves the document
// as it found it: on each document as loaded (the defective ones rejected)
// and after normalize's repairs.
func TestFastValidateAgreesWithValidate(t *testing.T) {
	root := filepath.Join("..", "..", "testdata")
	var accepted, rejected int
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		// The generator's tests build packages in scratch directories
		// under testdata, which may vanish while this walks.
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		ext := filepath.Ext(path)
		if d.IsDir() || (ext != ".yaml" && ext != ".yml" && ext != ".json") {
			return nil
		}
		if testing.Short() && strings.Contains(path, "realworld") {
			return nil
		}
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		doc, err := (&Document{File: path, Source: data}).load(false)
		if err != nil || doc == nil || doc.OpenAPI == "" {
			return nil // not a document that loads: nothing to validate
		}
		// Both as loaded (where the lenient loader's repairs have not run
		// yet, so defective documents are rejected) and as normalized.
		for _, stage := range []string{"as loaded", "normalized"} {
			if stage == "normalized" {
				normalize(doc)
			}
			before, _ := json.Marshal(doc)
			fast := fastValidate(context.Background(), doc, testValidationOptions)
			after, _ := json.Marshal(doc)
			if string(before) != string(after) {
				t.Errorf("%s (%s): fastValidate changed the document", path, stage)
			}
			full := doc.Validate(context.Background(), testValidationOptions...)
			if (fast == nil) != (full == nil) {
				t.Errorf("%s (%s): fastValidate: %v; Validate: %v", path, stage, fast, full)
			}
			if full == nil {
				accepted++
			} else {
				rejected++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d accepted, %d rejected", accepted, rejected)
	if accepted < 20 || rejected < 1 {
		t.Fatalf("corpus too small to mean anything: %d accepted, %d rejected", accepted, rejected)
	}
}

// TestFastValidateFindsEverySchemaPlace: a schema problem wherever a
// schema may sit (a component, a parameter, a header, a request body, a
// response, a callback, an encoding header, deep in a shared graph) is
// rejected by the one-pass validation as by the full one, and the same
// documents without the problem are accepted by both.
func TestFastValidateFindsEverySchemaPlace(t *testing.T) {
	const bad = `{"type":"string","readOnly":true,"writeOnly":true}`
	const good = `{"type":"string"}`
	places := map[string]string{
		"component":       `"paths":{},"components":{"schemas":{"X":%s}}`,
		"deep shared":     `"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}}}}}},"components":{"schemas":{"A":{"type":"object","properties":{"b":{"type":"array","items":{"$ref":"#/components/schemas/B"}}}},"B":{"type":"object","properties":{"c":%s}}}}`,
		"path parameter":  `"paths":{"/a/{id}":{"parameters":[{"name":"id","in":"path","required":true,"schema":%s}],"get":{"responses":{"200":{"description":"ok"}}}}}`,
		"query parameter": `"paths":{"/a":{"get":{"parameters":[{"name":"q","in":"query","schema":%s}],"responses":{"200":{"description":"ok"}}}}}`,
		"content param":   `"paths":{"/a":{"get":{"parameters":[{"name":"q","in":"query","content":{"application/json":{"schema":%s}}}],"responses":{"200":{"description":"ok"}}}}}`,
		"component param": `"paths":{},"components":{"parameters":{"P":{"name":"q","in":"query","schema":%s}}}`,
		"header":          `"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","headers":{"X-H":{"schema":%s}}}}}}}`,
		"component hdr":   `"paths":{},"components":{"headers":{"H":{"schema":%s}}}`,
		"request body":    `"paths":{"/a":{"post":{"requestBody":{"content":{"application/json":{"schema":%s}}},"responses":{"200":{"description":"ok"}}}}}`,
		"component body":  `"paths":{},"components":{"requestBodies":{"B":{"content":{"application/json":{"schema":%s}}}}}`,
		"component resp":  `"paths":{},"components":{"responses":{"R":{"description":"ok","content":{"application/json":{"schema":%s}}}}}`,
		"op callback":     `"paths":{"/a":{"post":{"callbacks":{"cb":{"{$request.body#/url}":{"post":{"requestBody":{"content":{"application/json":{"schema":%s}}},"responses":{"200":{"description":"ok"}}}}}},"responses":{"200":{"description":"ok"}}}}}`,
		"component cb":    `"paths":{},"components":{"callbacks":{"cb":{"{$request.body#/url}":{"post":{"requestBody":{"content":{"application/json":{"schema":%s}}},"responses":{"200":{"description":"ok"}}}}}}}`,
		"encoding header": `"paths":{"/a":{"post":{"requestBody":{"content":{"multipart/form-data":{"schema":{"type":"object","properties":{"f":{"type":"string"}}},"encoding":{"f":{"headers":{"X-E":{"schema":%s}}}}}}},"responses":{"200":{"description":"ok"}}}}}`,
	}
	for name, place := range places {
		for _, tc := range []struct {
			schema string
			ok     bool
		}{{good, true}, {bad, false}} {
			spec := `{"openapi":"3.0.3","info":{"title":"t","version":"1"},` + fmt.Sprintf(place, tc.schema) + `}`
			loader := newLoader(false)
			doc, err := loader.LoadFromData([]byte(spec))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			fast := fastValidate(context.Background(), doc, testValidationOptions)
			full := doc.Validate(context.Background(), testValidationOptions...)
			if (full == nil) != tc.ok {
				t.Fatalf("%s (ok=%v): the case is wrong: Validate says %v", name, tc.ok, full)
			}
			if (fast == nil) != tc.ok {
				t.Errorf("%s (ok=%v): fastValidate says %v", name, tc.ok, fast)
			}
		}
	}
}

// TestFastValidateFindsSharedSchemaProblem: a problem in a component schema
// reached only through responses is found (and reported by the full
// validation, in its words).
func TestFastValidateFindsSharedSchemaProblem(t *testing.T) {
	spec := `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok",
"content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}}}}}},
"components":{"schemas":{"A":{"type":"object","properties":{"b":{"$ref":"#/components/schemas/B"}}},
"B":{"type":"object","properties":{"c":{"type":"string","format":"date","readOnly":true,"writeOnly":true}}}}}}`
	_, list := Data("spec.json", []byte(spec))
	if !list.HasErrors() {
		t.Fatal("no error for a schema both readOnly and writeOnly")
	}
	if s := list.Error(); !strings.Contains(s, "readOnly") {
		t.Errorf("error does not name the problem: %s", s)
	}
}

// TestLoadDoesNotValidateExamples guards validate's precondition: the
// one-pass validation stubs top-level schemas, so it would accept an
// example that does not match its schema. If loading starts reporting
// examples (as errors or warnings), validate.go must stop stubbing the
// schemas examples are checked against.
func TestLoadDoesNotValidateExamples(t *testing.T) {
	spec := `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{
"parameters":[{"name":"n","in":"query","schema":{"type":"integer"},"example":"not a number"}],
"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"integer"},"example":"nor this"}}}}}}}}`
	doc, list := Data("spec.json", []byte(spec))
	if doc == nil || len(list) != 0 {
		t.Fatalf("loading reports examples now (%v): see validate.go before keeping that", list)
	}
}
