// Package specs finds the large real-world specs the benchmarks use in the
// Go modules that ship them, at bench time (nothing multi-MB is committed):
// Stripe's from github.com/stripe/stripe-mock, Kubernetes' from
// k8s.io/kubernetes (Swagger 2.0, converted to OpenAPI 3 with kin-openapi's
// openapi2conv), GitHub's from generator/testdata/realworld.
package specs

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
)

// Pinned module versions, so every run measures the same documents.
const (
	StripeModule     = "github.com/stripe/stripe-mock@v0.203.0"
	KubernetesModule = "k8s.io/kubernetes@v1.34.0"
)

// Spec is one benchmark document on disk.
type Spec struct {
	Name string // e.g. stripe.json
	Path string
}

// Large returns Stripe's, GitHub's and Kubernetes' specs; root is this
// repository, work a directory for the converted Kubernetes document.
func Large(root, work string) ([]Spec, error) {
	stripe, err := Stripe()
	if err != nil {
		return nil, err
	}
	k8sDir, err := moduleDir(KubernetesModule)
	if err != nil {
		return nil, err
	}
	k8s := filepath.Join(work, "kubernetes.json")
	if err := convert2(filepath.Join(k8sDir, "api", "openapi-spec", "swagger.json"), k8s); err != nil {
		return nil, fmt.Errorf("kubernetes: %v", err)
	}
	return []Spec{
		{"stripe.json", stripe},
		{"github.json", filepath.Join(root, "generator", "testdata", "realworld", "github.json")},
		{"kubernetes.json", k8s},
	}, nil
}

// Stripe returns the path of Stripe's spec, downloading its module when
// the module cache does not hold it.
func Stripe() (string, error) {
	dir, err := moduleDir(StripeModule)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "embedded", "openapi", "spec3.json"), nil
}

// moduleDir downloads a module through the Go module proxy (or finds it
// in the module cache) and returns its directory.
func moduleDir(mod string) (string, error) {
	out, err := exec.Command("go", "mod", "download", "-json", mod).Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s: %v", mod, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", err
	}
	if info.Error != "" || info.Dir == "" {
		return "", fmt.Errorf("go mod download %s: %s", mod, info.Error)
	}
	return info.Dir, nil
}

// convert2 turns a Swagger 2.0 document into OpenAPI 3.0.
func convert2(in, out string) error {
	b, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var doc2 openapi2.T
	if err := json.Unmarshal(b, &doc2); err != nil {
		return err
	}
	doc3, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return err
	}
	b, err = json.Marshal(doc3)
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o644)
}
