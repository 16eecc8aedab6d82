package sdkruntime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// Nullable is an optional field that may also be null. Its three states are
// distinct on the wire: the zero value is absent (left out), Null() sends
// null, NullableOf(v) sends v. Decoding sets Set for a present member and
// Valid when it is not null.
type Nullable[T any] struct {
	Value T    // the value, when Valid
	Valid bool // a non-null value is present
	Set   bool // the member is present, null or not
}

// NullableOf returns a Nullable holding v.
func NullableOf[T any](v T) Nullable[T] { return Nullable[T]{Value: v, Valid: true, Set: true} }

// Null returns a Nullable that is sent as null.
func Null[T any]() Nullable[T] { return Nullable[T]{Set: true} }

// Get returns the value and whether there is one (false for absent and null).
func (n Nullable[T]) Get() (T, bool) { return n.Value, n.Valid }

// IsNull reports a member present as null.
func (n Nullable[T]) IsNull() bool { return n.Set && !n.Valid }

// IsZero reports an absent member; with omitzero it is left out.
func (n Nullable[T]) IsZero() bool { return !n.Set }

// MarshalJSON writes the value, or null.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

// UnmarshalJSON reads a value or null.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	var zero T
	n.Value, n.Set = zero, true
	var err error
	n.Valid, err = nullableDecode(b, &n.Value)
	return err
}

// nullableDecode decodes b into v unless it is null, reporting whether it
// was a value. It holds Nullable's decoding so that each Nullable[T]
// instantiation compiles only a call.
func nullableDecode(b []byte, v any) (bool, error) {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return false, nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, err
	}
	return true, nil
}

// unionMarshal returns a union's JSON exactly as decoded or set; an empty
// union is null.
func unionMarshal(raw json.RawMessage) ([]byte, error) {
	if raw == nil {
		return []byte("null"), nil
	}
	return raw, nil
}

// unionKeep copies the JSON a union is decoded from.
func unionKeep(b []byte) json.RawMessage {
	return append(json.RawMessage(nil), b...)
}

// unionDecode decodes a union's JSON into the variant v points to (the
// As methods; not generic, so a variant costs no instantiation).
func unionDecode(raw json.RawMessage, v any) error { return json.Unmarshal(raw, v) }

// unionSet encodes v as a union's JSON.
func unionSet(raw *json.RawMessage, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	*raw = b
	return nil
}

// unionSetTagged encodes v as a union's JSON and, when v leaves the
// discriminator property absent or empty, sets it to value.
func unionSetTagged(raw *json.RawMessage, v any, property, value string) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(b, &obj) != nil {
		*raw = b // not an object: nothing to tag
		return nil
	}
	if cur, ok := obj[property]; !ok || string(cur) == `""` {
		obj[property], _ = json.Marshal(value)
		if b, err = json.Marshal(obj); err != nil {
			return err
		}
	}
	*raw = b
	return nil
}

// unionDiscriminator reads the discriminator property of a union's JSON.
func unionDiscriminator(raw json.RawMessage, property string) (string, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return "", err
	}
	v, ok := obj[property]
	if !ok {
		return "", fmt.Errorf("%s: discriminator %q is missing", sdkName, property)
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", fmt.Errorf("%s: discriminator %q: %w", sdkName, property, err)
	}
	return s, nil
}

// unknownVariant is the error for a discriminator value no variant has.
func unknownVariant(union, property, value string) error {
	return fmt.Errorf("%s: %s: unknown %s %q", sdkName, union, property, value)
}

// marshalExtra encodes a struct's declared fields (known, a type without
// this method) and then its additional properties, which never override a
// declared member.
func marshalExtra[T any](known any, extra map[string]T) ([]byte, error) {
	b, err := json.Marshal(known)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var declared map[string]json.RawMessage
	if err := json.Unmarshal(b, &declared); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if _, ok := declared[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	out := bytes.NewBuffer(bytes.TrimSuffix(bytes.TrimSpace(b), []byte("}")))
	for i, k := range keys {
		v, err := json.Marshal(extra[k])
		if err != nil {
			return nil, fmt.Errorf("additional property %q: %w", k, err)
		}
		if i > 0 || len(declared) > 0 {
			out.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		out.Write(kb)
		out.WriteByte(':')
		out.Write(v)
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// unmarshalExtra decodes the members of b not named in declared into
// *extra (nil when there are none).
func unmarshalExtra[T any](b []byte, extra *map[string]T, declared ...string) error {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	for _, d := range declared {
		delete(all, d)
	}
	*extra = nil
	for k, raw := range all {
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("additional property %q: %w", k, err)
		}
		if *extra == nil {
			*extra = make(map[string]T, len(all))
		}
		(*extra)[k] = v
	}
	return nil
}
