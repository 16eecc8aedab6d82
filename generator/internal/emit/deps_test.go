package emit

import (
	"os"
	"strings"
	"testing"
)

// The stated runtime version is the one this repository builds and tests
// the generated SDKs with.
func TestRuntimeVersionMatchesGoMod(t *testing.T) {
	data, err := os.ReadFile("../../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	want := RuntimeModule + " " + RuntimeVersion
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), RuntimeModule+" ") {
			if got := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(line), "// indirect")); got != want {
				t.Fatalf("go.mod requires %s; emit.RuntimeVersion says %s", got, want)
			}
			return
		}
	}
	t.Fatalf("go.mod does not require %s", RuntimeModule)
}
