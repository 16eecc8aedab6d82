package ir

import (
	"cmp"
	"fmt"
	"math"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// Constraints are what a schema says about its values beyond their Go type:
// the keywords a valid example must satisfy, and the spec's own example when
// it satisfies them. A named type carries its schema's constraints
// (Type.Check); a field, parameter, variant, body or result carries those of
// the schema written at its use (a $ref use has none: the named type holds
// them).
type Constraints struct {
	Format           string   `json:"format,omitempty"`
	Minimum          *float64 `json:"minimum,omitempty"`
	Maximum          *float64 `json:"maximum,omitempty"`
	ExclusiveMinimum bool     `json:"exclusiveMinimum,omitempty"`
	ExclusiveMaximum bool     `json:"exclusiveMaximum,omitempty"`
	MultipleOf       *float64 `json:"multipleOf,omitempty"`
	MinLength        uint64   `json:"minLength,omitempty"`
	MaxLength        *uint64  `json:"maxLength,omitempty"`
	Pattern          string   `json:"pattern,omitempty"`
	MinItems         uint64   `json:"minItems,omitempty"`
	MaxItems         *uint64  `json:"maxItems,omitempty"`
	UniqueItems      bool     `json:"uniqueItems,omitempty"`
	MinProperties    uint64   `json:"minProperties,omitempty"`
	// Null: the schema allows only null (a 3.1 type: 'null').
	Null bool `json:"null,omitempty"`
	// Enum lists the allowed values (a 3.1 const is a one-value enum).
	Enum []any `json:"enum,omitempty"`
	// Example is the spec's example (or first of its examples) that
	// validates against the schema; nil when there is none.
	Example any  `json:"example,omitempty"`
	XML     *XML `json:"xml,omitempty"`
	// Items and Values constrain the elements of an array and the values
	// of a map (additionalProperties) written inline.
	Items  *Constraints `json:"items,omitempty"`
	Values *Constraints `json:"values,omitempty"`
	// Pointer and Pos locate the schema, for warnings about it.
	Pointer string   `json:"pointer"`
	Pos     diag.Pos `json:"-"`
}

// XML is a schema's XML Object.
type XML struct {
	Name      string `json:"name,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	Prefix    string `json:"prefix,omitempty"`
	Attribute bool   `json:"attribute,omitempty"`
	Wrapped   bool   `json:"wrapped,omitempty"`
}

// empty reports whether c says nothing beyond its location.
func (c *Constraints) empty() bool {
	return c.Format == "" && c.Minimum == nil && c.Maximum == nil && c.MultipleOf == nil &&
		c.MinLength == 0 && c.MaxLength == nil && c.Pattern == "" && c.MinItems == 0 && c.MaxItems == nil &&
		!c.UniqueItems && c.MinProperties == 0 && !c.Null && len(c.Enum) == 0 && c.Example == nil && c.XML == nil &&
		c.Items == nil && c.Values == nil
}

// checkRef is the constraints of a schema use: nil for a $ref (the named
// type carries them) or a schema without any.
func (b *builder) checkRef(ref *openapi3.SchemaRef, pointer string) *Constraints {
	if ref == nil || ref.Value == nil || ref.Ref != "" {
		return nil
	}
	return b.check(ref.Value, pointer)
}

// check converts a schema's keywords (seeing through the nullable and
// single-schema wrappers schemaType sees through); nil when it has none.
func (b *builder) check(s *openapi3.Schema, pointer string) *Constraints {
	if s == nil {
		return nil
	}
	if c, ok := b.checks[s]; ok {
		return c
	}
	b.checks[s] = nil // a cycle through inline schemas stops here
	if v := nonNullVariant(s); v != nil {
		c := b.checkRef(v, pointer)
		b.checks[s] = c
		return c
	}
	if m := scalarAllOf(s); m != nil {
		c := b.check(m, pointer)
		b.checks[s] = c
		return c
	}
	if m, i := soleAllOf(s); m != nil {
		c := b.checkRef(m, fmt.Sprintf("%s/allOf/%d", pointer, i))
		b.checks[s] = c
		return c
	}
	c := &Constraints{
		Format: s.Format, Minimum: s.Min, Maximum: s.Max, MultipleOf: s.MultipleOf,
		MinLength: s.MinLength, MaxLength: s.MaxLength, Pattern: s.Pattern,
		MinItems: s.MinItems, MaxItems: s.MaxItems, UniqueItems: s.UniqueItems, MinProperties: s.MinProps,
		Pointer: pointer, Pos: b.doc.Pos(s.Origin), Null: isNullOnly(s) && len(s.Type.Slice()) == 1,
	}
	if v := s.ExclusiveMin.Value; v != nil {
		c.Minimum, c.ExclusiveMinimum = v, true
	} else if s.ExclusiveMin.IsTrue() {
		c.ExclusiveMinimum = c.Minimum != nil
	}
	if v := s.ExclusiveMax.Value; v != nil {
		c.Maximum, c.ExclusiveMaximum = v, true
	} else if s.ExclusiveMax.IsTrue() {
		c.ExclusiveMaximum = c.Maximum != nil
	}
	for _, v := range s.Enum {
		if v != nil {
			c.Enum = append(c.Enum, v)
		}
	}
	if s.Const != nil {
		c.Enum = []any{s.Const}
	}
	if x := s.XML; x != nil {
		c.XML = &XML{Name: x.Name, Namespace: x.Namespace, Prefix: x.Prefix, Attribute: x.Attribute, Wrapped: x.Wrapped}
	}
	if primaryType(s) == "array" || s.Items != nil {
		c.Items = b.checkRef(s.Items, pointer+"/items")
	}
	if ap := s.AdditionalProperties.Schema; ap != nil && len(s.Properties) == 0 {
		c.Values = b.checkRef(ap, pointer+"/additionalProperties")
	}
	c.Example = b.validExample(s, c, pointer)
	if c.empty() {
		c = nil
	}
	b.checks[s] = c
	return c
}

// validExample is the schema's example, else the first of its examples,
// that validates against it (formats included); an example that does not
// is a warning and examples use a generated value instead.
func (b *builder) validExample(s *openapi3.Schema, c *Constraints, pointer string) any {
	cands := s.Examples
	if s.Example != nil {
		cands = append([]any{s.Example}, cands...)
	}
	for i, v := range cands {
		if v == nil {
			continue
		}
		err := validateValue(s, v, b.t.IsOpenAPI31OrLater())
		if err == nil {
			return v
		}
		if i == 0 {
			b.diags.Warnf(c.Pos, pointer, "example does not match its schema (%s); generated examples use a value derived from the schema", firstLine(err.Error()))
		}
	}
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// validateValue checks a JSON value against a schema with kin-openapi,
// string formats (uuid, email, uri, ipv4, ipv6, hostname, date, date-time,
// byte) included; jsonSchema2020 for OpenAPI 3.1 documents, as
// openapi3filter validates them.
func validateValue(s *openapi3.Schema, v any, jsonSchema2020 bool) error {
	opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors(), openapi3.WithStringFormatValidators(formatValidators)}
	if jsonSchema2020 {
		opts = append(opts, openapi3.EnableJSONSchema2020())
	}
	if err := s.VisitJSON(v, opts...); err != nil {
		return err
	}
	return fitsGoInt(s, v)
}

// fitsGoInt: an integer value must fit the Go type the schema becomes
// (int32 for format int32, else int64): a value kin-openapi accepts (say
// 2^64-1 for format uint64) may not decode into it.
func fitsGoInt(s *openapi3.Schema, v any) error {
	if s.Type == nil || !s.Type.Is(openapi3.TypeInteger) {
		return nil
	}
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case uint64:
		f = float64(n)
	case int64:
		f = float64(n)
	case int:
		f = float64(n)
	default:
		return nil
	}
	// 2^63 is exact as a float64; MaxInt64 rounds up to it.
	out, goType := f < math.MinInt64 || f >= 1<<63, "int64"
	if s.Format == "int32" {
		out, goType = f < math.MinInt32 || f > math.MaxInt32, "int32"
	}
	if out {
		return fmt.Errorf("%v does not fit %s, the Go type of a %s integer", v, goType, cmp.Or(s.Format, "int64"))
	}
	return nil
}

// formatValidators check the string formats examples are generated for
// (kin-openapi checks date, date-time and byte by default).
var formatValidators = map[string]openapi3.StringFormatValidator{
	"uuid":      openapi3.NewRegexpFormatValidator(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`),
	"email":     openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail),
	"date":      openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringDate),
	"date-time": openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringDateTime),
	"byte":      openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringByte),
	"ipv4":      openapi3.NewIPValidator(true),
	"ipv6":      openapi3.NewIPValidator(false),
	"uri":       formatFunc(func(s string) error { return checkURI(s) }),
	"url":       formatFunc(func(s string) error { return checkURI(s) }),
	"hostname":  openapi3.NewRegexpFormatValidator(`^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$`),
}

type formatFunc func(string) error

func (f formatFunc) Validate(s string) error { return f(s) }

func checkURI(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if u.Scheme == "" {
		return fmt.Errorf("%q is not an absolute URI", s)
	}
	return nil
}
