// Package specdiff explains what a change to an OpenAPI document does to
// the clients of the API and to the Go SDK generated from it.
//
// It compares two loaded documents (the spec-level diff: operations,
// parameters, request and response schemas field by field, security and
// servers) and the generator's models of them (the Go API diff: exported
// methods, types, fields and constants). Every change is labelled breaking
// with one of three levels for existing client code (breaking, potentially
// breaking, non-breaking) and a one-line reason. Output is a review-sized
// Markdown report, the full Markdown or JSON, or GitHub Actions
// annotations, and is deterministic.
package specdiff

import (
	"fmt"
	"strconv"
	"strings"
)

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

// Level says how a change affects existing clients.
type Level int

const (
	// NonBreaking changes leave existing clients working.
	NonBreaking Level = iota
	// Potential changes break some clients depending on what the server
	// or the client does with them: an optional request field removed
	// (old clients still send it; a server refusing unknown fields
	// refuses them, one ignoring them drops its effect).
	Potential
	// Breaking changes break existing clients on the wire or in Go.
	Breaking
)

var levelNames = []string{"non-breaking", "potentially-breaking", "breaking"}

// String is the level's name as the JSON report and -fail-on spell it.
func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return "level(" + strconv.Itoa(int(l)) + ")"
	}
	return levelNames[l]
}

// MarshalText writes the level's name.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a level's name.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := ParseLevel(string(b))
	if err == nil {
		*l = v
	}
	return err
}

// ParseLevel reads a level name: breaking, potentially-breaking (or
// potential), non-breaking.
func ParseLevel(s string) (Level, error) {
	switch s {
	case "breaking":
		return Breaking, nil
	case "potentially-breaking", "potential":
		return Potential, nil
	case "non-breaking":
		return NonBreaking, nil
	}
	return 0, fmt.Errorf("unknown level %q: want breaking, potentially-breaking or non-breaking", s)
}

// Change is one difference between the base and head specs.
type Change struct {
	Section string `json:"section"`
	Kind    string `json:"kind"`              // e.g. parameter-added, field-type-changed, method-removed
	Where   string `json:"where"`             // operation ("getUser GET /users/{id}"), schema or Go identifier
	Pointer string `json:"pointer,omitempty"` // JSON pointer: into head, or into base for removals
	// Location is file:line of the element the pointer names (head first,
	// base for what was removed), "" when unknown.
	Location string `json:"location,omitempty"`
	Level    Level  `json:"level"`
	Breaking bool   `json:"breaking"` // Level == Breaking
	Message  string `json:"message"`  // what changed
	Reason   string `json:"reason"`   // why it is at its level

	// file and line locate the change in the head spec, or the nearest
	// element around it there (for annotations on the pull request).
	headFile string
	headLine int
	locHead  bool // Location is in head (at headFile:headLine)
	// ops are the operation's pointers in base and head, for the reasons
	// that depend on its Go method (tag and operationId changes).
	ops [2]string
}

// Report is the whole comparison.
type Report struct {
	Base    string   `json:"base"`
	Head    string   `json:"head"`
	Summary Summary  `json:"summary"`
	Changes []Change `json:"changes"`
	// GoAPINote says why the Go API section is missing, when it is.
	GoAPINote string `json:"goAPINote,omitempty"`
	// Warnings are the loader's warnings on either side: the repairs it
	// made to read a slightly invalid spec.
	Warnings []Warning `json:"warnings,omitempty"`
}

// Warning is one loader warning.
type Warning struct {
	Side     string `json:"side"` // base or head
	Location string `json:"location,omitempty"`
	Pointer  string `json:"pointer,omitempty"`
	Message  string `json:"message"`
	line     int
	file     string
}

// Verdict is the highest level of any change: "breaking",
// "potentially-breaking", "non-breaking", or "no changes".
func (r *Report) Verdict() string {
	switch {
	case r.Summary.Breaking > 0:
		return Breaking.String()
	case r.Summary.Potential > 0:
		return Potential.String()
	case len(r.Changes) > 0:
		return NonBreaking.String()
	}
	return "no changes"
}

// Highest is the highest level of any change, and whether there is one.
func (r *Report) Highest() (Level, bool) {
	l := NonBreaking
	for _, c := range r.Changes {
		l = max(l, c.Level)
	}
	return l, len(r.Changes) > 0
}

// Summary counts changes.
type Summary struct {
	Verdict       string `json:"verdict"` // the highest level, or "no changes"
	Breaking      int    `json:"breaking"`
	Potential     int    `json:"potentiallyBreaking"`
	NonBreaking   int    `json:"nonBreaking"`
	GoBreaking    int    `json:"goBreaking"`    // of Breaking, in the Go API
	GoNonBreaking int    `json:"goNonBreaking"` // of NonBreaking, in the Go API
}

func (r *Report) count() {
	r.Summary = Summary{}
	for _, c := range r.Changes {
		goAPI := c.Section == SecGo
		switch c.Level {
		case Breaking:
			r.Summary.Breaking++
			if goAPI {
				r.Summary.GoBreaking++
			}
		case Potential:
			r.Summary.Potential++
		default:
			r.Summary.NonBreaking++
			if goAPI {
				r.Summary.GoNonBreaking++
			}
		}
	}
	r.Summary.Verdict = r.Verdict()
}

// String formats the warning as generation prints it:
// file:line:col: pointer: warning: message, prefixed with its side.
func (w Warning) String() string {
	var b strings.Builder
	b.WriteString(w.Side + ": ")
	if w.Location != "" {
		b.WriteString(w.Location + ": ")
	}
	if w.Pointer != "" {
		b.WriteString(w.Pointer + ": ")
	}
	b.WriteString("warning: " + w.Message)
	return b.String()
}
