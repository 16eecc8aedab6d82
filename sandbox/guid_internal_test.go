package sandbox

import (
	"strings"
	"testing"
)

// TestGUIDKindsDoNotCollide: the hash behind a GUID covers its prefix, so
// GUIDs of different kinds made from the same parts differ after the
// prefix (they once shared it: a user's first member and its first Connect
// token had the same hex).
func TestGUIDKindsDoNotCollide(t *testing.T) {
	s := NewStore(Config{Seed: 7})
	seen := map[string]string{}
	for _, prefix := range []string{"USR", "MBR", "ACT", "TRN", "HOL", "STA", "CRD", "MCH", "MCL"} {
		g := s.guid(prefix, "USR-1", "1")
		hex, _ := strings.CutPrefix(g, prefix+"-")
		if other, dup := seen[hex]; dup {
			t.Errorf("%s and %s share the hash %s", other, g, hex)
		}
		seen[hex] = g
	}
	if s.guid("MBR", "a") != s.guid("MBR", "a") {
		t.Error("guid is not deterministic")
	}
}
