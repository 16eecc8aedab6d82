package emit

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"
	"text/template"
	"unicode"

	"github.com/atriumgen/atriumgen/generator/internal/ir"
	"github.com/atriumgen/atriumgen/templates"
)

var docTemplates = template.Must(template.New("").ParseFS(templates.FS, "*.tmpl"))

type docPage struct {
	Package string
	Service *ir.Service
	On      string // what the methods are called on: client.Members
	Type    string // the service's type: MembersService
	Ops     []docOp
}

type docOp struct {
	Op           *ir.Operation
	Anchor       string
	Summary      string
	Description  string
	Signature    string
	Args         []docParam
	Params       []docParam
	ParamsType   string
	Body         string
	BodyDoc      string
	BodyRequired bool
	Returns      string
	Snippet      string
}

type docParam struct {
	Name, Type, In, Doc string
}

type readme struct {
	API        *ir.API
	SpecFile   string
	ImportPath string
	AuthArgs   string
	// AuthArgsComma is AuthArgs followed by ", " when not empty.
	AuthArgsComma                 string
	RuntimeModule, RuntimeVersion string
	// Client is the snippets' client variable (see exampleLocals).
	Client    string
	Services  []readmeService
	Iterators []readmeIterator
}

type readmeService struct {
	Field, Tag string
	On         string // client.Members, or members.New(client) when split
	DocFile    string // docs/<slug>.md
	Count      int
	// ExampleOp and Example: one call of the service (its first read
	// when it has one), as its generated example makes it.
	ExampleOp, Example string
}

type readmeIterator struct {
	Name string // client.Service.OpIter
	Call string // client.Service.OpIter(ctx, ...)
	How  string
}

// docs renders docs/<Tag>.md for every service and README.md.
func (g *gen) docs(examples []*example) ([]File, error) {
	byOp := map[*ir.Operation]*example{}
	for _, ex := range examples {
		byOp[ex.Op] = ex
	}
	var files []File
	for _, svc := range g.api.Services {
		page := docPage{Package: g.api.Package, Service: svc, On: g.serviceOn(svc), Type: svc.TypeName}
		if g.api.SplitServices {
			page.Type = svc.Package + "." + svc.TypeName
		}
		for _, op := range svc.Operations {
			page.Ops = append(page.Ops, g.docOp(op, byOp[op]))
		}
		b, err := g.render("service.md.tmpl", page)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: DocFile(svc.Field), Content: b})
	}
	rd := readme{API: g.api, SpecFile: path.Base(g.api.SpecFile), ImportPath: g.pkgPath()}
	var args []string
	if g.api.BaseURLRequired {
		args = append(args, fmt.Sprintf("%q", "https://api.example.com"+g.api.Servers[0].URL))
	}
	for _, a := range g.api.Auth {
		switch a.Kind {
		case "basic", "digest":
			args = append(args, fmt.Sprintf("%q, %q", placeholder(a.ArgName), placeholder(a.ArgName2)))
		case "oauth2":
			args = append(args, a.ArgName) // a TokenSource
		default:
			args = append(args, fmt.Sprintf("%q", placeholder(a.ArgName)))
		}
	}
	rd.AuthArgs = strings.Join(args, ", ")
	if rd.AuthArgs != "" {
		rd.AuthArgsComma = rd.AuthArgs + ", "
	}
	rd.RuntimeModule, rd.RuntimeVersion = RuntimeModule, RuntimeVersion
	rd.Client = g.locals["client"]
	for _, svc := range g.api.Services {
		rs := readmeService{Field: svc.Field, On: g.serviceOn(svc), Tag: svc.Tag, DocFile: DocFile(svc.Field), Count: len(svc.Operations)}
		if ex := serviceExample(svc, byOp); ex != nil {
			rs.ExampleOp, rs.Example = ex.Op.Name, ex.Snippet
		}
		rd.Services = append(rd.Services, rs)
	}
	rd.Iterators = g.readmeIterators()
	b, err := g.render("readme.md.tmpl", rd)
	if err != nil {
		return nil, err
	}
	files = append(files, File{Path: "README.md", Content: b})
	return files, nil
}

// render executes a template; the output starts with the generated-file
// marker as an HTML comment, which Markdown viewers hide.
func (g *gen) render(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := docTemplates.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	// One trailing newline, no trailing spaces: Markdown diffs stay clean.
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return []byte("<!-- " + Header(g.api.SpecFile) + " -->\n\n" + strings.Join(lines, "\n") + "\n"), nil
}

func (g *gen) docOp(op *ir.Operation, ex *example) docOp {
	d := docOp{
		Op:          op,
		Anchor:      strings.ToLower(op.Name),
		Summary:     cell(op.Summary),
		Description: op.Description,
		Signature:   signature(op),
	}
	if d.Summary == "" {
		d.Summary = cell(firstSentence(op.Description))
	}
	for _, a := range op.Args {
		d.Args = append(d.Args, docParam{Name: a.ArgName, Type: a.Type.String(), In: string(a.In) + " `" + a.Name + "`", Doc: cell(a.Doc)})
	}
	if op.Params != nil {
		d.ParamsType = op.Params.TypeName
		for _, p := range op.Params.Fields {
			t := p.Type.String()
			if !p.Type.IsNilable() {
				t = "*" + t
			}
			d.Params = append(d.Params, docParam{Name: p.GoName, Type: t, In: string(p.In) + " `" + p.Name + "`", Doc: cell(p.Doc)})
		}
	}
	if op.Body != nil {
		d.Body = op.Body.Type.String()
		d.BodyDoc = cell(op.Body.Doc)
		if op.Body.Kind != "json" {
			d.BodyDoc = strings.TrimSpace("sent as " + op.Body.ContentType + ". " + d.BodyDoc)
		}
		d.BodyRequired = op.Body.Required
	}
	d.Returns = returns(op)
	if ex != nil {
		d.Snippet = ex.Snippet
	}
	return d
}

// signature is the method's Go signature as shown in the docs.
func signature(op *ir.Operation) string {
	var ps []string
	ps = append(ps, "ctx context.Context")
	for _, a := range op.Args {
		ps = append(ps, a.ArgName+" "+a.Type.String())
	}
	if op.Body != nil {
		t := op.Body.Type.String()
		if !op.Body.Required && !op.Body.Type.IsNilable() {
			t = "*" + t
		}
		ps = append(ps, "body "+t)
	}
	if op.Params != nil {
		ps = append(ps, "params *"+op.Params.TypeName)
	}
	ps = append(ps, "opts ...RequestOption")
	var res string
	switch op.Result.Kind {
	case "json":
		res = "(*" + op.Result.Type.String() + ", *Response, error)"
		if op.Result.ByValue() {
			res = "(" + op.Result.Type.String() + ", *Response, error)"
		}
	case "binary", "text":
		res = "(io.ReadCloser, *Response, error)"
	default:
		res = "(*Response, error)"
	}
	return fmt.Sprintf("func (s *%s) %s(%s) %s", op.Service.TypeName, op.Name, strings.Join(ps, ", "), res)
}

func returns(op *ir.Operation) string {
	r := op.Result
	var s string
	switch r.Kind {
	case "json":
		s = fmt.Sprintf("`*%s` (%s)", r.Type.String(), r.ContentType)
		if r.ByValue() {
			s = fmt.Sprintf("`%s` (%s)", r.Type.String(), r.ContentType)
		}
		if len(r.EmptyCodes) > 0 {
			s += fmt.Sprintf("; nil on %s", joinInts(r.EmptyCodes))
		}
	case "binary", "text":
		s = fmt.Sprintf("`io.ReadCloser` streaming the %s body; close it", r.ContentType)
	default:
		s = "no body"
	}
	var codes []int
	codes = append(codes, r.Codes...)
	codes = append(codes, r.EmptyCodes...)
	if len(codes) > 0 {
		s += ". Success statuses: " + joinInts(codes)
	}
	s += ". Errors: `*APIError` for any other status"
	if r.Doc != "" {
		s += ".\n\n" + r.Doc
	}
	return s
}

// cell makes text safe for one Markdown table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// DocFile is the one spec-name → file-name function of the docs: the
// tag as a slug (letters, digits, space, '-' and '_'; anything else,
// dots and slashes included, becomes '_'), under docs/. It can never
// leave docs/ or name README.md; case-only collisions between tags are
// refused by write.Preflight before anything is written.
func DocFile(tag string) string {
	var b strings.Builder
	for _, r := range tag {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '-', r == '_', r == ' ':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		b.WriteByte('_')
	}
	return path.Join("docs", b.String()+".md")
}

// serviceOn is the Go expression a service's methods are called on, from
// a Client named client: client.Members, or members.New(client) when each
// service is a package.
func (g *gen) serviceOn(svc *ir.Service) string {
	if g.api.SplitServices {
		return svc.Package + "." + svc.Ctor + "(" + g.locals["client"] + ")"
	}
	return g.locals["client"] + "." + svc.Field
}

// serviceExample is the example the README shows for a service: its first
// GET, else its first operation with an example.
func serviceExample(svc *ir.Service, byOp map[*ir.Operation]*example) *example {
	var first *example
	for _, op := range svc.Operations {
		ex := byOp[op]
		if ex == nil || ex.Snippet == "" {
			continue
		}
		if op.Method == "GET" {
			return ex
		}
		if first == nil {
			first = ex
		}
	}
	return first
}

// readmeIterators lists the paged lists' iterators, as pagination.go
// declares them.
func (g *gen) readmeIterators() []readmeIterator {
	var out []readmeIterator
	add := func(svc *ir.Service, op *ir.Operation, iterName, how string) {
		args := []string{g.locals["ctx"]}
		for _, a := range op.Args {
			args = append(args, a.ArgName)
		}
		if op.Body != nil {
			args = append(args, "body")
		}
		if op.Params != nil {
			args = append(args, "nil")
		}
		on := g.serviceOn(svc)
		out = append(out, readmeIterator{Name: on + "." + iterName, Call: on + "." + iterName + "(" + strings.Join(args, ", ") + ")", How: how})
	}
	for _, po := range g.paged {
		add(po.svc, po.op, po.iterName, "page number (`"+po.pageParam.Name+"`)")
	}
	for _, ro := range g.ruled {
		how := string(ro.op.Paging.Style)
		switch ro.op.Paging.Style {
		case ir.PageCursor:
			how = "cursor (`" + ro.other.Name + "`)"
		case ir.PageLink:
			how = "`Link` header (rel=\"next\")"
		case ir.PageNumber:
			how = "page number (`" + ro.other.Name + "`)"
		case ir.PageOffset:
			how = "item offset (`" + ro.other.Name + "`)"
		}
		add(ro.svc, ro.op, ro.iterName, how)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
