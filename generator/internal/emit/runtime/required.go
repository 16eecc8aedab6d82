package sdkruntime

import (
	"bytes"
	"encoding/json"
	"strings"
)

// UnsetFieldError is returned, before anything is sent, when a required
// member of a request body is left unset: a oneOf/anyOf field at its zero
// value would otherwise go out as null, which the API does not accept.
// Field is the member's JSON path, e.g. "input" or "message.content".
type UnsetFieldError struct {
	Field string
}

func (e *UnsetFieldError) Error() string {
	return "required field " + e.Field + " is not set"
}

// requireMembers fails the request when one of the JSON body's members at
// paths (dotted, from the body's top level) is null or absent. The
// generator lists the required union members of the body, whose zero value
// encodes as null.
func (r *request) requireMembers(paths ...string) {
	if r.err != nil || r.body == nil {
		return
	}
	for _, p := range paths {
		if !memberSet(r.body, strings.Split(p, ".")) {
			r.fail(&UnsetFieldError{Field: p})
			return
		}
	}
}

func memberSet(doc []byte, path []string) bool {
	for _, name := range path {
		var obj map[string]json.RawMessage
		if json.Unmarshal(doc, &obj) != nil {
			return true // not an object: nothing to say
		}
		v, ok := obj[name]
		if !ok {
			return false
		}
		doc = v
	}
	return !bytes.Equal(bytes.TrimSpace(doc), []byte("null"))
}
