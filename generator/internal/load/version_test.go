package load

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
)

// versionRE is what findVersion finds: the leftmost match in the document.
var versionRE = regexp.MustCompile(`(?m)^\s*["']?(openapi|swagger)["']?\s*:\s*["']?([0-9][0-9.]*)`)

// TestFindVersionIsTheRegexp holds findVersion to the regexp it replaces
// on crafted documents and every real-world spec in testdata.
func TestFindVersionIsTheRegexp(t *testing.T) {
	docs := []string{
		"", "openapi", "openapi: 3.0.0", "swagger: '2.0'\ninfo: {}", `{"openapi":"3.1.0"}`,
		"\n\n   openapi:   3.0.3\n", "\t\"openapi\" :\n  \"3.0.1\"", "openapi:\n\n 3.1",
		"info:\n  description: the openapi: 9 key is below\nopenapi: 3.0.0",
		"info:\n  description: \"swagger: 2.0 and openapi: 3\"\nopenapi: 3.1.0",
		"x: openapi: 1\n  openapi: 3.0.0", "# swagger: 2.0\nopenapi: 3.0.2", "openapi: x\nswagger: 2.0",
		"  'openapi' : '3.0.0'", "openapiX: 3\nopenapi: 3.0.0", "swaggerswagger: 1\nswagger: \"2.0\"",
		"openapi:3.0.0", "\r\nopenapi: 3.0.0\r\n", "a\vopenapi: 3", "\n\n\n", "openapi: ", "foo: bar\n openapi : 3.2.0",
	}
	files, _ := filepath.Glob("../../testdata/realworld/*")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err == nil {
			docs = append(docs, string(data))
		}
	}
	if len(docs) < 40 {
		t.Fatalf("only %d documents", len(docs))
	}
	for i, d := range docs {
		var want []string
		if m := versionRE.FindSubmatch([]byte(d)); m != nil {
			want = []string{string(m[1]), string(m[2])}
		}
		var got []string
		if field, v, ok := findVersion([]byte(d)); ok {
			got = []string{field, v}
		}
		if !reflect.DeepEqual(got, want) {
			name := fmt.Sprintf("doc %d", i)
			if len(d) < 100 {
				name = fmt.Sprintf("%q", d)
			}
			t.Errorf("%s: findVersion %q, versionRE %q", name, got, want)
		}
	}
}
