package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/emit"
	"github.com/atriumgen/atriumgen/generator/internal/ir"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
	"github.com/atriumgen/atriumgen/generator/internal/roundtrip"
	"github.com/atriumgen/atriumgen/generator/internal/write"
)

// roundTripRuns is how many random requests each operation gets.
const roundTripRuns = 12

// writeRoundTrip generates spec's client and server as packages pkg and
// pkg+"server" of the module at root (modPath), with a round-trip test in
// the server package (see internal/roundtrip), and returns the API.
func writeRoundTrip(t testing.TB, root, modPath, spec, pkg string) (*ir.API, error) {
	res, err := pipeline.Run(pipeline.Config{Spec: spec, Package: pkg, ImportPath: modPath + "/" + pkg, ServerPackage: pkg + "server"})
	if err != nil {
		return nil, err
	}
	if _, err := write.Dir(filepath.Join(root, pkg), toWrite(res.Files)); err != nil {
		t.Fatal(err)
	}
	if _, err := write.Dir(filepath.Join(root, pkg+"server"), toWrite(res.ServerFiles)); err != nil {
		t.Fatal(err)
	}
	leaveOut := map[*ir.Operation]bool{}
	for _, p := range emit.CheckServer(res.API) {
		leaveOut[p.Op] = true
	}
	src, err := roundtrip.TestFile(res.API, roundtrip.Packages{
		Client: modPath + "/" + pkg, Server: modPath + "/" + pkg + "server", Driver: modPath + "/roundtrip", ServerName: pkg + "server",
	}, roundTripRuns, leaveOut)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, pkg+"server", "roundtrip_test.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return res.API, nil
}

// writeDriver copies the round-trip driver into the module at root.
func writeDriver(t testing.TB, root string) {
	src, err := os.ReadFile(filepath.Join("internal", "roundtrip", "driver.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "roundtrip"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "roundtrip", "driver.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRoundTripForms: random values of every request of the form-heavy
// spec (testdata/forms: nested objects, arrays of objects, maps, unions,
// deepObject query ranges, multipart), of every parameter style
// (testdata/styles) and of unions sent by the generated client reach the
// generated server's Service equal; without -short also testdata/params,
// nullable31 and bodies. The real-world corpus gets the same check in
// TestRealWorld.
func TestRoundTripForms(t *testing.T) {
	root := t.TempDir()
	const modPath = "example.com/roundtrip"
	writeTempModule(t, root, modPath)
	writeDriver(t, root)
	cases := []string{"forms", "styles", "unions"}
	if !testing.Short() {
		cases = append(cases, "params", "nullable31", "bodies")
	}
	for _, name := range cases {
		spec := filepath.Join("testdata", name, "spec.yaml")
		if _, err := writeRoundTrip(t, root, modPath, spec, name); err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
	}
	if out, err := goTool(root, "test", "-count=1", "./..."); err != nil {
		t.Errorf("round trip: %v\n%s", err, clip(out))
	} else if testing.Verbose() {
		t.Log(strings.TrimSpace(out))
	}
}
