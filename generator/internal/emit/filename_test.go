package emit

import (
	"go/build"
	"io"
	"strings"
	"testing"
)

// Every generated file name builds on every platform: a service named
// after an OS or an architecture (Maintenance Windows, Images arm64) must
// not get a name the go tool reads as a build constraint, which would drop
// the service everywhere else.
func TestFileNamesBuildEverywhere(t *testing.T) {
	names := []string{"MaintenanceWindows", "ImagesArm64", "Windows", "Linux", "Wasm", "JsWasm", "LinuxAmd64",
		"Ios", "AppsAndroid", "Users", "Plan9", "S390x", "Riscv64", "WindowsService", "Darwin386", "Tests", "UsersTest"}
	platforms := [][2]string{{"linux", "amd64"}, {"windows", "arm64"}, {"darwin", "386"}, {"js", "wasm"}, {"plan9", "s390x"}, {"android", "riscv64"}}
	for _, n := range names {
		file := fileName(n) + ".go"
		for _, p := range platforms {
			ctxt := build.Default
			ctxt.GOOS, ctxt.GOARCH = p[0], p[1]
			ctxt.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("package x\n")), nil }
			ok, err := ctxt.MatchFile(".", file)
			if err != nil || !ok {
				t.Errorf("%s → %s: not built on %s/%s (%v)", n, file, p[0], p[1], err)
			}
		}
	}
}
