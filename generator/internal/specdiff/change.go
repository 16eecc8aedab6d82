// Package specdiff explains what a change to an OpenAPI document does to
// the clients of the API and to the Go SDK generated from it.
//
// It compares two loaded documents (the spec-level diff: operations,
// parameters, request and response schemas field by field, security and
// servers) and the generator's models of them (the Go API diff: exported
// methods, types, fields and constants). Every change is labelled breaking
// or not for existing client code, with a one-line reason. Output is
// Markdown or JSON and deterministic.
package specdiff

// Sections of the report, in the order they are printed.
const (
	SecOperations = "operations"
	SecParameters = "parameters"
	SecRequest    = "requestBodies"
	SecResponses  = "responses"
	SecSchemas    = "schemas"
	SecSecurity   = "security"
	SecServers    = "servers"
	SecGo         = "goAPI"
)

var sections = []string{SecOperations, SecParameters, SecRequest, SecResponses, SecSchemas, SecSecurity, SecServers, SecGo}

var sectionTitles = map[string]string{
	SecOperations: "Operations",
	SecParameters: "Parameters",
	SecRequest:    "Request bodies",
	SecResponses:  "Responses",
	SecSchemas:    "Schemas",
	SecSecurity:   "Security",
	SecServers:    "Servers",
	SecGo:         "Go API",
}

// Change is one difference between the base and head specs.
type Change struct {
	Section  string `json:"section"`
	Kind     string `json:"kind"`              // e.g. parameter-added, field-type-changed, method-removed
	Where    string `json:"where"`             // operation ("getUser GET /users/{id}"), schema or Go identifier
	Pointer  string `json:"pointer,omitempty"` // JSON pointer: into head, or into base for removals
	Breaking bool   `json:"breaking"`
	Message  string `json:"message"` // what changed
	Reason   string `json:"reason"`  // why it is breaking or not
}

// Report is the whole comparison.
type Report struct {
	Base    string   `json:"base"`
	Head    string   `json:"head"`
	Summary Summary  `json:"summary"`
	Changes []Change `json:"changes"`
	// GoAPINote says why the Go API section is missing, when it is.
	GoAPINote string `json:"goAPINote,omitempty"`
}

// Summary counts changes.
type Summary struct {
	Breaking      int `json:"breaking"`
	NonBreaking   int `json:"nonBreaking"`
	GoBreaking    int `json:"goBreaking"`    // of Breaking, in the Go API
	GoNonBreaking int `json:"goNonBreaking"` // of NonBreaking, in the Go API
}

func (r *Report) count() {
	r.Summary = Summary{}
	for _, c := range r.Changes {
		goAPI := c.Section == SecGo
		if c.Breaking {
			r.Summary.Breaking++
			if goAPI {
				r.Summary.GoBreaking++
			}
		} else {
			r.Summary.NonBreaking++
			if goAPI {
				r.Summary.GoNonBreaking++
			}
		}
	}
}
