package load

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	yaml "github.com/oasdiff/yaml3"
)

// kin-openapi decodes a schema by decoding its whole subtree again at each
// level, so a chain of n nested inline schemas costs O(n²): 3,000 levels
// took 38 s. hoist cuts such chains before the loader sees them: every
// inline schema hoistDepth levels below its nearest hoisted (or top-level)
// ancestor moves to components/schemas under a reserved name and leaves a
// $ref behind, so no subtree the loader decodes is deep. After loading,
// unhoist turns those $refs back into inline schemas and drops the
// reserved components: the document the generator sees is the original
// one, and so is its output. Only documents whose text nests deeper than
// hoistTrigger are rewritten; their positions in diagnostics below the
// hoisting depth point into the rewritten text.
var (
	hoistDepth   = 32
	hoistTrigger = 96
)

// hoistPrefix starts the reserved component names.
const hoistPrefix = "x-atriumgen-hoisted-"

// SetHoistDepthForTest sets the hoisting depth (and trigger) and returns a
// function restoring them; a very large depth disables hoisting.
func SetHoistDepthForTest(depth int) func() {
	d, tr := hoistDepth, hoistTrigger
	hoistDepth, hoistTrigger = depth, depth*3
	return func() { hoistDepth, hoistTrigger = d, tr }
}

// textDepth over-estimates how deep data nests: open brackets outside
// quoted strings plus half the deepest indentation.
func textDepth(data []byte) int {
	depth, maxDepth, indent, maxIndent := 0, 0, 0, 0
	var quote byte
	lineStart := true
	for i := 0; i < len(data); i++ {
		c := data[i]
		if lineStart {
			if c == ' ' {
				indent++
				continue
			}
			lineStart = false
			maxIndent = max(maxIndent, indent)
		}
		switch {
		case c == '\n':
			lineStart, indent = true, 0
			if quote == '\'' {
				quote = 0
			}
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '{' || c == '[':
			depth++
			maxDepth = max(maxDepth, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return maxDepth + maxIndent/2
}

// hoist returns data rewritten with deep inline schemas hoisted, and
// whether it rewrote anything.
func hoist(data []byte) ([]byte, bool) {
	if textDepth(data) < hoistTrigger {
		return data, false
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil || root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		return data, false // the loader reports it
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode || mapGet(doc, "openapi") == nil || hasAnchors(doc) {
		return data, false
	}
	h := &hoister{taken: map[string]bool{}}
	comps := mapGet(doc, "components")
	if comps == nil {
		comps = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		mapSet(doc, "components", comps)
	}
	schemas := mapGet(comps, "schemas")
	if schemas != nil && schemas.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(schemas.Content); i += 2 {
			h.taken[schemas.Content[i].Value] = true
		}
	}
	// The regions normalize (and so unhoist) walks: components' schemas,
	// parameters, request bodies, responses and headers, and each path's
	// parameters, request bodies and responses.
	if comps.Kind == yaml.MappingNode {
		if s := mapGet(comps, "schemas"); s != nil && s.Kind == yaml.MappingNode {
			for i := 1; i < len(s.Content); i += 2 {
				h.schema(s.Content[i], 0)
			}
		}
		for _, section := range []string{"parameters", "requestBodies", "responses", "headers"} {
			if s := mapGet(comps, section); s != nil && s.Kind == yaml.MappingNode {
				for i := 1; i < len(s.Content); i += 2 {
					h.holder(s.Content[i])
				}
			}
		}
	}
	if paths := mapGet(doc, "paths"); paths != nil && paths.Kind == yaml.MappingNode {
		for i := 1; i < len(paths.Content); i += 2 {
			item := paths.Content[i]
			if item.Kind != yaml.MappingNode {
				continue
			}
			for j := 0; j+1 < len(item.Content); j += 2 {
				switch k, v := item.Content[j].Value, item.Content[j+1]; {
				case k == "parameters":
					h.holder(v)
				case v.Kind == yaml.MappingNode && !strings.HasPrefix(k, "x-"):
					for _, key := range []string{"parameters", "requestBody", "responses"} {
						if x := mapGet(v, key); x != nil {
							h.holder(x)
						}
					}
				}
			}
		}
	}
	if len(h.hoisted) == 0 {
		return data, false
	}
	if schemas == nil || schemas.Kind != yaml.MappingNode {
		schemas = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		mapSet(comps, "schemas", schemas)
	}
	for _, n := range h.hoisted {
		schemas.Content = append(schemas.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: n.name}, n.node)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(doc); err != nil {
		return data, false
	}
	return buf.Bytes(), true
}

type hoisted struct {
	name string
	node *yaml.Node
}

type hoister struct {
	taken   map[string]bool
	hoisted []hoisted
	n       int
}

// holder walks a node that may hold schemas under "schema" keys
// (parameters, headers, media types, responses), except examples and
// extensions, looking for schemas.
func (h *hoister) holder(n *yaml.Node) {
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			h.holder(c)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			switch {
			case k == "schema":
				h.schema(v, 0)
			case k == "example" || k == "examples" || k == "encoding" || k == "links" || strings.HasPrefix(k, "x-"):
			default:
				h.holder(v)
			}
		}
	}
}

// schemaKids are the keywords whose value is a schema (one), a map of
// schemas (props) or a list of them (list) that normalize walks.
var (
	schemaOne   = map[string]bool{"items": true, "not": true, "additionalProperties": true}
	schemaProps = map[string]bool{"properties": true}
	schemaList  = map[string]bool{"allOf": true, "oneOf": true, "anyOf": true}
)

// schema walks a schema node at depth levels below its nearest hoisted or
// top-level ancestor, hoisting it when that is hoistDepth.
func (h *hoister) schema(n *yaml.Node, depth int) {
	if n.Kind != yaml.MappingNode || mapGet(n, "$ref") != nil {
		return
	}
	if depth >= hoistDepth {
		name := h.name()
		moved := *n
		*n = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: n.Style, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: "$ref"},
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: "#/components/schemas/" + name},
		}}
		h.hoisted = append(h.hoisted, hoisted{name: name, node: &moved})
		h.schema(&moved, 0)
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		switch {
		case schemaOne[k]:
			h.schema(v, depth+1)
		case schemaProps[k] && v.Kind == yaml.MappingNode:
			for j := 1; j < len(v.Content); j += 2 {
				h.schema(v.Content[j], depth+1)
			}
		case schemaList[k] && v.Kind == yaml.SequenceNode:
			for _, c := range v.Content {
				h.schema(c, depth+1)
			}
		}
	}
}

func (h *hoister) name() string {
	for {
		h.n++
		name := hoistPrefix + strconv.Itoa(h.n)
		if !h.taken[name] {
			h.taken[name] = true
			return name
		}
	}
}

func mapGet(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func mapSet(n *yaml.Node, key string, v *yaml.Node) {
	n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

// hasAnchors reports anchors or aliases anywhere: moving a node could put
// an alias before its anchor, so such documents are left alone.
func hasAnchors(n *yaml.Node) bool {
	stack := []*yaml.Node{n}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x.Anchor != "" || x.Kind == yaml.AliasNode {
			return true
		}
		stack = append(stack, x.Content...)
	}
	return false
}

// unhoist makes the hoisted schemas inline again (normalize calls it on
// every schema reference it walks) and removes their components.
func isHoistedRef(ref string) bool {
	return strings.HasPrefix(ref, "#/components/schemas/"+hoistPrefix)
}

func dropHoisted(t *openapi3.T) {
	if t.Components == nil {
		return
	}
	for name := range t.Components.Schemas {
		if strings.HasPrefix(name, hoistPrefix) {
			delete(t.Components.Schemas, name)
		}
	}
}
