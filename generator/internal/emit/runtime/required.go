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

// dropMembers removes from the JSON body the read-only members at paths
// (dotted from the body's top level; "*" stands for every element of an
// array). A required read-only field has no omitempty, since responses
// always carry it, so a request would otherwise send its zero value, which
// the API forbids; the generator lists those members.
func (r *request) dropMembers(paths ...string) {
	if r.err != nil || r.body == nil {
		return
	}
	for _, p := range paths {
		if out, ok := dropMember(r.body, strings.Split(p, ".")); ok {
			r.body = out
		}
	}
}

func dropMember(doc []byte, path []string) ([]byte, bool) {
	if len(path) == 0 {
		return doc, false
	}
	if path[0] == "*" {
		var arr []json.RawMessage
		if json.Unmarshal(doc, &arr) != nil {
			return doc, false
		}
		changed := false
		for i := range arr {
			if out, ok := dropMember(arr[i], path[1:]); ok {
				arr[i], changed = out, true
			}
		}
		if !changed {
			return doc, false
		}
		b, err := json.Marshal(arr)
		return b, err == nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(doc, &obj) != nil {
		return doc, false
	}
	v, ok := obj[path[0]]
	if !ok {
		return doc, false
	}
	if len(path) == 1 {
		delete(obj, path[0])
	} else {
		out, ok := dropMember(v, path[1:])
		if !ok {
			return doc, false
		}
		obj[path[0]] = out
	}
	b, err := json.Marshal(obj)
	return b, err == nil
}
