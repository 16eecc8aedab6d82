package load

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// MaxRefFileSize caps each file an external $ref reads (64 MiB): a $ref
// to something that never ends stops there with an error.
const MaxRefFileSize = 64 << 20

// loadConfined loads the root document at root with every external $ref
// confined: local files only (no http, no file://host), inside the root
// document's directory tree (or refRoot's, when set) once symbolic links
// are resolved, regular
// files only (no devices, FIFOs or directories), at most MaxRefFileSize
// bytes each. Anything else is an error naming the reference, which the
// loader's error reporting locates.
func loadConfined(loader *openapi3.Loader, data []byte, root *url.URL, refRoot string, repair func(abs string, data []byte) []byte) (*openapi3.T, error) {
	if !loader.IncludeOrigin {
		if t, ok := loadLocalJSON(data); ok {
			return t, nil
		}
	}
	confine(loader, root, refRoot, repair)
	return loader.LoadFromDataWithPath(data, root)
}

// loadLocalJSON loads a JSON document whose $refs all point into itself
// as the loader loads it without origins, but parsing it with jsonTree:
// kin-openapi decodes every document from go.yaml.in/yaml/v4's node tree,
// and that parse is two thirds of the load's time and most of its memory
// on an 8 MB JSON spec. jsonTree builds the same tree (node for node, which
// its tests hold it to), the tree is decoded into the same types as the
// loader decodes it, and the refs are resolved as LoadFromData resolves
// them.
//
// It reads no file by construction (its loader refuses every external
// reference), and whatever it does not load (YAML, an external $ref,
// anything jsonTree declines, a document the decoder or resolver rejects)
// is left to the loader, so a problem is reported exactly as before. ok
// is false then.
func loadLocalJSON(data []byte) (t *openapi3.T, ok bool) {
	if !onlyLocalRefs(data) {
		return nil, false
	}
	root, ok := jsonTree(data)
	if !ok {
		return nil, false
	}
	t = &openapi3.T{}
	if err := root.Decode(t); err != nil {
		return nil, false
	}
	loader := newLoader(false)
	loader.IsExternalRefsAllowed = false
	loader.ReadFromURIFunc = func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		return nil, fmt.Errorf("reference %q: not read by the JSON fast path", u.String())
	}
	if err := loader.ResolveRefsIn(t, nil); err != nil {
		return nil, false
	}
	return t, true
}

// onlyLocalRefs reports whether data is a JSON object every "$ref" of
// which is followed by a string starting with "#". It errs towards false
// (a "$ref" inside a string counts), which only means the loader's path.
func onlyLocalRefs(data []byte) bool {
	data = bytes.TrimLeft(data, " \t\r\n")
	if len(data) == 0 || data[0] != '{' {
		return false
	}
	key := []byte(`"$ref"`)
	for rest := data; ; {
		i := bytes.Index(rest, key)
		if i < 0 {
			return true
		}
		rest = bytes.TrimLeft(rest[i+len(key):], " \t\r\n")
		if len(rest) == 0 || rest[0] != ':' {
			return false
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n")
		if !bytes.HasPrefix(rest, []byte(`"#`)) {
			return false
		}
	}
}

// confine makes loader read external $refs as loadConfined does; repair,
// when set, rewrites each file read (inlineMisplacedRefs).
func confine(loader *openapi3.Loader, root *url.URL, refRoot string, repair func(abs string, data []byte) []byte) *openapi3.Loader {
	dir := filepath.Dir(filepath.FromSlash(root.Path))
	if refRoot != "" {
		if abs, err := filepath.Abs(refRoot); err == nil {
			dir = abs
		} else {
			dir = refRoot
		}
	}
	// The loader asks for a file again at every reference into it; it is
	// read (and repaired) once.
	var mu sync.Mutex
	read := map[string][]byte{}
	loader.ReadFromURIFunc = func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		mu.Lock()
		defer mu.Unlock()
		key := u.String()
		if data, ok := read[key]; ok {
			return data, nil
		}
		data, err := readConfined(dir, u)
		if err == nil && repair != nil {
			data = repair(filepath.FromSlash(u.Path), data)
		}
		if err == nil {
			read[key] = data
		}
		return data, err
	}
	return loader
}

// readConfined reads the file u names if it lies inside dir.
func readConfined(dir string, u *url.URL) ([]byte, error) {
	if u.Scheme != "" && u.Scheme != "file" {
		return nil, fmt.Errorf("remote reference %q refused: only local files may be referenced", u.String())
	}
	if u.Scheme == "file" || (u.Host != "" && u.Host != "localhost") {
		return nil, fmt.Errorf("reference %q refused: use a relative path to a file next to the spec, not a file URL", u.String())
	}
	p := filepath.FromSlash(u.Path)
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, fmt.Errorf("reference %q: cannot resolve the spec's directory: %v", u.Path, err)
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return nil, fmt.Errorf("reference %q: %v", u.Path, unwrapPathError(err))
	}
	if rel, err := filepath.Rel(realDir, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return nil, fmt.Errorf("reference %q refused: it is outside the reference root %s (the spec's directory unless -ref-root widens it)", u.Path, dir)
	}
	st, err := os.Stat(real)
	if err != nil {
		return nil, fmt.Errorf("reference %q: %v", u.Path, unwrapPathError(err))
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("reference %q refused: not a regular file", u.Path)
	}
	if st.Size() > MaxRefFileSize {
		return nil, fmt.Errorf("reference %q refused: %d bytes is more than the %d-byte limit", u.Path, st.Size(), MaxRefFileSize)
	}
	f, err := os.Open(real)
	if err != nil {
		return nil, fmt.Errorf("reference %q: %v", u.Path, unwrapPathError(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxRefFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reference %q: %v", u.Path, err)
	}
	if len(b) > MaxRefFileSize {
		return nil, fmt.Errorf("reference %q refused: more than the %d-byte limit", u.Path, MaxRefFileSize)
	}
	return b, nil
}
