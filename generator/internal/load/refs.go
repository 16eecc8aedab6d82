package load

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

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
func loadConfined(loader *openapi3.Loader, data []byte, root *url.URL, refRoot string) (*openapi3.T, error) {
	confine(loader, root, refRoot)
	return loader.LoadFromDataWithPath(data, root)
}

// confine makes loader read external $refs as loadConfined does.
func confine(loader *openapi3.Loader, root *url.URL, refRoot string) *openapi3.Loader {
	dir := filepath.Dir(filepath.FromSlash(root.Path))
	if refRoot != "" {
		if abs, err := filepath.Abs(refRoot); err == nil {
			dir = abs
		} else {
			dir = refRoot
		}
	}
	loader.ReadFromURIFunc = func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		return readConfined(dir, u)
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
