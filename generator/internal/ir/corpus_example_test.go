package ir

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/load"
)

// corpusDefects are the component schemas of the corpus no example can
// satisfy, and why.
var corpusDefects = map[string]string{
	"github.json content-tree":                      "requires content and encoding, which it does not declare",
	"github.json package-version":                   "Docker Metadata requires tags but declares tag",
	"tinkoff.json SandboxSetPositionBalanceRequest": "requires currency, which it does not declare",
	"telegram.json ChatMember":                      "oneOf variants not mutually exclusive (a discriminator without mapping, status a plain string)",
	"telegram.json ChatMemberUpdated":               "holds a ChatMember",
	"telegram.json ResultArrayOfChatMember":         "holds a ChatMember",
	"telegram.json ResultChatMember":                "holds a ChatMember",
	"telegram.json ResultArrayOfUpdate":             "holds a ChatMember",
	"telegram.json ResultUpdate":                    "holds a ChatMember",
	"telegram.json Update":                          "holds a ChatMember",
	"telegram.json InlineQueryResult":               "discriminator without mapping (schema names) against type enums (audio...)",
	"telegram.json answerInlineQuery":               "holds an InlineQueryResult",
	"telegram.json PassportElementError":            "discriminator without mapping (schema names) against type enums",
	"telegram.json setPassportDataErrors":           "holds a PassportElementError",
	// ogen's copy of the Telegram Bot API has telegram.json's defects.
	"ogen-gotd-bot-api.json ChatMember":                      "oneOf variants not mutually exclusive (a discriminator without mapping, status a plain string)",
	"ogen-gotd-bot-api.json ChatMemberUpdated":               "holds a ChatMember",
	"ogen-gotd-bot-api.json ResultArrayOfChatMember":         "holds a ChatMember",
	"ogen-gotd-bot-api.json ResultChatMember":                "holds a ChatMember",
	"ogen-gotd-bot-api.json ResultArrayOfUpdate":             "holds a ChatMember",
	"ogen-gotd-bot-api.json ResultUpdate":                    "holds a ChatMember",
	"ogen-gotd-bot-api.json Update":                          "holds a ChatMember",
	"ogen-gotd-bot-api.json InlineQueryResult":               "discriminator without mapping (schema names) against type enums (audio...)",
	"ogen-gotd-bot-api.json answerInlineQuery":               "holds an InlineQueryResult",
	"ogen-gotd-bot-api.json answerWebAppQuery":               "holds an InlineQueryResult",
	"ogen-gotd-bot-api.json PassportElementError":            "discriminator without mapping (schema names) against type enums",
	"ogen-gotd-bot-api.json setPassportDataErrors":           "holds a PassportElementError",
	"oapicodegen-schemas-deprecated.yaml DeprecatedProperty": "requires oldProp, which it does not declare",
	"swagger2-docker-engine.yaml ImageManifestSummary":       "ImageData requires UnpackedSize, which it does not declare",
	"swagger2-docker-engine.yaml ImageInspect":               "holds an ImageManifestSummary",
	"swagger2-docker-engine.yaml ImageSummary":               "holds an ImageManifestSummary",
	"ogen-discriminator-mapping.json Vehicle":                "oneOf variants not mutually exclusive apart from the discriminator, which kin-openapi's validator does not apply without a mapping entry for the value",
	"oapicodegen-nullable31.yaml DiscriminatedPet":           "oneOf variants not mutually exclusive apart from the discriminator (as ogen's Vehicle)",
	"oapicodegen-nullable31.yaml Pet":                        "holds a DiscriminatedPet",
}

// TestCorpusExamplesValidate derives an example of every component schema
// of the real-world corpus, in both directions, and validates it against
// the schema with kin-openapi; only corpusDefects may fail.
func TestCorpusExamplesValidate(t *testing.T) {
	if testing.Short() {
		t.Skip("models the whole corpus; skipped with -short")
	}
	specs, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "realworld", "*.*"))
	checked, failed := 0, 0
	seen := map[string]bool{}
	var fails []string
	for _, spec := range specs {
		if ext := filepath.Ext(spec); ext != ".json" && ext != ".yaml" && ext != ".yml" {
			continue
		}
		doc, diags := load.File(spec)
		if diags.HasErrors() || doc.T.Components == nil {
			continue
		}
		api, _ := Build(doc, Options{Package: "p", SkipUnsupported: true})
		ex := NewExamples(api, nil)
		byPtr := map[string]*Type{}
		for _, ty := range api.Types {
			byPtr[ty.Pointer] = ty
		}
		opt31 := []openapi3.SchemaValidationOption{openapi3.WithStringFormatValidators(formatValidators)}
		if doc.T.IsOpenAPI31OrLater() {
			opt31 = append(opt31, openapi3.EnableJSONSchema2020())
		}
		for name, sref := range doc.T.Components.Schemas {
			ty := byPtr["/components/schemas/"+name]
			if ty == nil || sref.Value == nil {
				continue
			}
			for _, dir := range []Direction{Request, Response} {
				v := plain(t, ex.Value(&TypeRef{Kind: Named, Name: ty.Name}, nil, dir))
				opts := append([]openapi3.SchemaValidationOption{openapi3.VisitAsResponse()}, opt31...)
				if dir == Request {
					opts[0] = openapi3.VisitAsRequest()
				}
				checked++
				if err := sref.Value.VisitJSON(v, opts...); err != nil {
					failed++
					key := filepath.Base(spec) + " " + name
					seen[key] = true
					if corpusDefects[key] == "" {
						msg := err.Error()
						if i := strings.IndexByte(msg, '\n'); i > 0 {
							msg = msg[:i]
						}
						fails = append(fails, key+fmt.Sprintf(" (direction %d): %v: %s", dir, v, msg))
					}
				}
			}
		}
	}
	sort.Strings(fails)
	t.Logf("%d of %d examples validate", checked-failed, checked)
	if checked < 2000 {
		t.Errorf("only %d examples checked", checked)
	}
	for _, f := range fails {
		t.Errorf("example does not validate: %s", clipString(f, 600))
	}
	for key := range corpusDefects {
		if !seen[key] {
			t.Errorf("%s: listed as a defect but its example validates; remove it", key)
		}
	}
}

func clipString(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
