package emit

// RuntimeModule is the module the generated SDK imports for parameter
// styling and dates; RuntimeVersion is the version the generator and its
// tests are built with (this repository's go.mod). The SDK's README and
// the generator's go.mod check name it, so a module adopting the SDK does
// not pick an untested version with `go mod tidy`.
const (
	RuntimeModule  = "github.com/oapi-codegen/runtime"
	RuntimeVersion = "v1.8.0"
)
