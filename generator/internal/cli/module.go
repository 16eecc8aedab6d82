package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/emit"
)

// findGoMod returns the nearest go.mod above dir (which may not exist yet)
// and its text, or "" when there is none.
func findGoMod(dir string) (string, []byte) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", nil
	}
	for d := abs; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "go.mod")
		if data, err := os.ReadFile(p); err == nil {
			return p, data
		}
		if filepath.Dir(d) == d {
			return "", nil
		}
	}
}

// requiredVersion is the version of module that go.mod text requires, or "".
func requiredVersion(gomod []byte, module string) string {
	inBlock := false
	for _, line := range strings.Split(string(gomod), "\n") {
		line, _, _ = strings.Cut(line, "//")
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case f[0] == "require" && len(f) == 2 && f[1] == "(":
			inBlock = true
		case inBlock && f[0] == ")":
			inBlock = false
		case inBlock && len(f) >= 2 && f[0] == module:
			return f[1]
		case f[0] == "require" && len(f) >= 3 && f[1] == module:
			return f[2]
		}
	}
	return ""
}

// moduleWarnings says what the module receiving the generated package
// lacks for it to build as tested: a go.mod (without one, and without an
// import path, examples import the bare package name), or the runtime
// module at the version the generator is tested with.
func moduleWarnings(out, pkg string, importGiven bool, files []emit.File) []string {
	var w []string
	gomod, data := findGoMod(out)
	if gomod == "" {
		if !importGiven {
			w = append(w, fmt.Sprintf("warning: no go.mod above %s: the import path of the generated package is unknown, so its examples and README import it as %q; create the module first (go mod init) or set import (-import)", out, pkg))
		}
		return w
	}
	uses := false
	for _, f := range files {
		if bytes.Contains(f.Content, []byte(`"`+emit.RuntimeModule)) {
			uses = true
			break
		}
	}
	if !uses {
		return w
	}
	rel := gomod
	if wd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(wd, gomod); err == nil && !strings.HasPrefix(r, "..") {
			rel = r
		}
	}
	switch v := requiredVersion(data, emit.RuntimeModule); {
	case v == "":
		w = append(w, fmt.Sprintf("warning: the generated package imports %s, which %s does not require: run go get %s@%s (the version the generator is tested with)", emit.RuntimeModule, rel, emit.RuntimeModule, emit.RuntimeVersion))
	case v != emit.RuntimeVersion:
		w = append(w, fmt.Sprintf("warning: %s requires %s %s; the generator is tested with %s (go get %s@%s)", rel, emit.RuntimeModule, v, emit.RuntimeVersion, emit.RuntimeModule, emit.RuntimeVersion))
	}
	return w
}
