package specdiff

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/load"
	"github.com/atriumgen/atriumgen/generator/internal/overlay"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
)

// spec is one side of a diff: a loaded document and the name it is shown by.
type spec struct {
	name string // as given: a file path or git:REV:path
	doc  *load.Document
	// warnings are the loader's (repairs it made), located in name.
	warnings diag.List
	// repoPath is the spec's path in the work tree or the repository (for
	// annotations on a pull request).
	repoPath string
}

// readSpec loads a spec named as a file path or as git:REV:path.
//
// For git:REV:path the path is relative to the repository root (as in
// `git show REV:path`). The spec and every YAML/JSON file under its
// directory at that revision are copied into a temporary directory, so
// relative $refs resolve against the revision, not the work tree; $refs
// leaving the spec's directory (../x.yaml) are not resolved. A spec at the
// repository root is read alone. cleanup removes the temporary directory.
func readSpec(arg, gitDir string, overlays ...string) (s *spec, cleanup func(), err error) {
	cleanup = func() {}
	if !strings.HasPrefix(arg, "git:") {
		doc, diags := pipeline.LoadSpec(arg, overlays)
		if diags.HasErrors() {
			return nil, cleanup, diags.Errors()
		}
		return &spec{name: arg, doc: doc, warnings: diags.Warnings(), repoPath: filepath.ToSlash(filepath.Clean(arg))}, cleanup, nil
	}
	rev, p, ok := strings.Cut(strings.TrimPrefix(arg, "git:"), ":")
	if !ok || rev == "" || p == "" {
		return nil, cleanup, fmt.Errorf("%s: want git:REV:path", arg)
	}
	p = path.Clean(strings.TrimPrefix(filepath.ToSlash(p), "/"))
	tmp, err := os.MkdirTemp("", "specdiff-")
	if err != nil {
		return nil, cleanup, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	files := []string{p}
	if dir := path.Dir(p); dir != "." {
		out, err := git(gitDir, "ls-tree", "-r", "--name-only", rev, "--", dir+"/")
		if err != nil {
			return nil, cleanup, fmt.Errorf("%s: %v", arg, err)
		}
		for _, f := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			switch strings.ToLower(path.Ext(f)) {
			case ".yaml", ".yml", ".json":
				if f != p {
					files = append(files, f)
				}
			}
		}
	}
	var root []byte
	for i, f := range files {
		data, err := git(gitDir, "show", rev+":"+f)
		if err != nil {
			if i == 0 {
				return nil, cleanup, fmt.Errorf("%s: %v", arg, err)
			}
			continue
		}
		full := filepath.Join(tmp, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return nil, cleanup, err
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			return nil, cleanup, err
		}
		if i == 0 {
			root = data
		}
	}
	full := filepath.Join(tmp, filepath.FromSlash(p))
	var diags diag.List
	if len(overlays) > 0 {
		// The same overlays as for the work tree (files, not revisions).
		root, diags = overlay.Files(arg, root, overlays)
	}
	var doc *load.Document
	if !diags.HasErrors() {
		var more diag.List
		doc, more = load.Data(full, root)
		diags = append(diags, more...)
	}
	// Name the revision, not the temporary copy, in every position.
	prefix := filepath.ToSlash(tmp) + "/"
	for i := range diags {
		f := filepath.ToSlash(diags[i].Pos.File)
		if strings.HasPrefix(f, prefix) {
			diags[i].Pos.File = "git:" + rev + ":" + strings.TrimPrefix(f, prefix)
		}
	}
	if diags.HasErrors() {
		return nil, cleanup, diags.Errors()
	}
	return &spec{name: arg, doc: doc, warnings: diags.Warnings(), repoPath: p}, cleanup, nil
}

func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out, nil
}
