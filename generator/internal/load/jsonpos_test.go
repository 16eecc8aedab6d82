package load

import "testing"

func TestJSONPointerPos(t *testing.T) {
	src := []byte(`{
  "info": {"title": "a \"quoted\" {title}", "version": "1"},
  "paths": {
    "/a/{id}": {
      "get": {"tags": ["x", "y"], "responses": {"200": {"description": "]}"}}}
    },
    "/b\u002fc": {"post": {}}
  }
}`)
	for _, c := range []struct {
		pointer   string
		line, col int
	}{
		{"/info/version", 2, 45},
		{"/paths/~1a~1{id}/get/responses/200", 5, 49},
		{"/paths/~1a~1{id}/get/tags/1", 5, 29},
		{"/paths/~1b~1c/post", 7, 19},
		{"/paths/~1a~1{id}/get/missing", 5, 7}, // deepest member found
		{"/nothing", 0, 0},
	} {
		line, col := jsonPointerPos(src, splitPointer(c.pointer))
		if line != c.line || col != c.col {
			t.Errorf("%s: got %d:%d, want %d:%d", c.pointer, line, col, c.line, c.col)
		}
	}
	if line, _ := jsonPointerPos([]byte("openapi: 3.0.0\n"), []string{"openapi"}); line != 0 {
		t.Errorf("YAML located as JSON at line %d", line)
	}
}

// FuzzJSONPointerPos: any bytes and pointer, no panic, and a position
// inside the input when one is found.
func FuzzJSONPointerPos(f *testing.F) {
	f.Add([]byte(`{"a": {"b": [1, {"c": "\"}"}]}}`), "/a/b/1/c")
	f.Add([]byte(`{"paths": {"/x": {"get": {}}}}`), "/paths/~1x/get")
	f.Add([]byte(`{"a": "b\\"`), "/a")
	f.Fuzz(func(t *testing.T, src []byte, pointer string) {
		line, col := jsonPointerPos(src, splitPointer(pointer))
		if line < 0 || col < 0 || line > len(src)+1 {
			t.Fatalf("position %d:%d outside a %d-byte input", line, col, len(src))
		}
	})
}
