package ir

import (
	"encoding/xml"
	"fmt"
	"strings"
)

// XML writes the example value v of t as an XML document the way OpenAPI
// maps a schema to XML: the root element is named by the schema's xml.name,
// else its component name; members are child elements named by their
// xml.name, else their property name, or attributes (xml.attribute);
// arrays repeat their item element, inside a wrapper when xml.wrapped.
func (e *Examples) XML(t *TypeRef, v any) string {
	var b strings.Builder
	b.WriteString(xml.Header)
	name := "root"
	if t.Kind == Named {
		if nt := e.types[t.Name]; nt != nil {
			name = nt.Pointer[strings.LastIndex(nt.Pointer, "/")+1:]
			if nt.Check != nil && nt.Check.XML != nil && nt.Check.XML.Name != "" {
				name = nt.Check.XML.Name
			}
		}
	}
	e.xmlElem(&b, name, t, nil, v, 0)
	return b.String()
}

func xmlInfo(c *Constraints) *XML {
	if c != nil && c.XML != nil {
		return c.XML
	}
	return &XML{}
}

// typeCheck is the constraints of a use of t: c, else the named type's.
func (e *Examples) typeCheck(t *TypeRef, c *Constraints) *Constraints {
	if c == nil && t.Kind == Named {
		if nt := e.types[t.Name]; nt != nil {
			return nt.Check
		}
	}
	return c
}

func (e *Examples) xmlElem(b *strings.Builder, name string, t *TypeRef, c *Constraints, v any, depth int) {
	if uv, ok := v.(UnionValue); ok {
		v = uv.Value
	}
	if depth > 12 {
		return
	}
	if t.Kind == Slice {
		xs, _ := v.([]any)
		info := xmlInfo(c)
		ic := e.typeCheck(t.Elem, itemsOf(c))
		item := name
		if x := xmlInfo(ic); x.Name != "" {
			item = x.Name
		}
		if info.Wrapped {
			fmt.Fprintf(b, "<%s>", name)
		}
		for _, x := range xs {
			e.xmlElem(b, item, t.Elem, ic, x, depth+1)
		}
		if info.Wrapped {
			fmt.Fprintf(b, "</%s>", name)
		}
		return
	}
	var nt *Type
	if t.Kind == Named {
		nt = e.types[t.Name]
		if nt != nil && nt.Kind == Alias {
			e.xmlElem(b, name, nt.Base, e.typeCheck(t, c), v, depth)
			return
		}
	}
	obj, isObj := v.(map[string]any)
	if nt == nil || nt.Kind != Struct || !isObj {
		fmt.Fprintf(b, "<%s>", name)
		xml.EscapeText(b, []byte(xmlScalar(v)))
		fmt.Fprintf(b, "</%s>", name)
		return
	}
	fmt.Fprintf(b, "<%s", name)
	for _, f := range nt.Fields {
		x, ok := obj[f.JSONName]
		if info := xmlInfo(e.typeCheck(f.Type, f.Check)); ok && info.Attribute {
			an := f.JSONName
			if info.Name != "" {
				an = info.Name
			}
			fmt.Fprintf(b, " %s=\"", an)
			xml.EscapeText(b, []byte(xmlScalar(x)))
			b.WriteString(`"`)
		}
	}
	b.WriteString(">")
	for _, f := range nt.Fields {
		x, ok := obj[f.JSONName]
		fc := e.typeCheck(f.Type, f.Check)
		info := xmlInfo(fc)
		if !ok || info.Attribute {
			continue
		}
		en := f.JSONName
		if info.Name != "" && f.Type.Kind != Slice {
			en = info.Name
		}
		e.xmlElem(b, en, f.Type, fc, x, depth+1)
	}
	fmt.Fprintf(b, "</%s>", name)
}

func itemsOf(c *Constraints) *Constraints {
	if c == nil {
		return nil
	}
	return c.Items
}

func xmlScalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return Literal(x)
	}
	return fmt.Sprint(v)
}
