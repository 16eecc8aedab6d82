package cli

import (
	"runtime/debug"
	"strings"
)

// Module is the module the generator is built from.
const Module = "github.com/atriumgen/atriumgen"

// Version is the generator's module version as the Go toolchain recorded
// it: the tagged version for `go install …@v1.2.3` or `go get -tool`, a
// pseudo-version or "(devel)" for a build inside a checkout (with the VCS
// revision when the toolchain stamped one).
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	return versionOf(bi)
}

func versionOf(bi *debug.BuildInfo) string {
	v := ""
	if bi.Main.Path == Module {
		v = bi.Main.Version
	}
	for _, d := range bi.Deps {
		// Built as another module's tool: the generator is a dependency.
		if d.Path == Module {
			v = d.Version
			if d.Replace != nil {
				v = d.Version + " => " + d.Replace.Path
				if d.Replace.Version != "" {
					v += " " + d.Replace.Version
				}
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	if v == "(devel)" {
		var rev, dirty string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if rev != "" {
			v += " " + rev[:min(12, len(rev))] + dirty
		}
	}
	return strings.TrimSpace(v)
}
