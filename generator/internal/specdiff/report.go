package specdiff

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// DefaultBudget is the default size limit of the short Markdown report, in
// characters: under the 65,536 a GitHub pull-request comment may hold,
// with room for a heading the workflow adds.
const DefaultBudget = 60000

// order sorts changes by section and, within one, by level (breaking
// first); the order found (operations by path and method, fields by name)
// is kept otherwise.
func (r *Report) order() {
	rank := map[string]int{}
	for i, s := range sections {
		rank[s] = i
	}
	sort.SliceStable(r.Changes, func(i, j int) bool {
		a, b := r.Changes[i], r.Changes[j]
		if rank[a.Section] != rank[b.Section] {
			return rank[a.Section] < rank[b.Section]
		}
		return a.Level > b.Level
	})
}

// MarkdownOptions shape the short report.
type MarkdownOptions struct {
	// Budget is the most characters the report may have (DefaultBudget
	// when 0).
	Budget int
	// FullReport names where the full report is, for the line saying how
	// many changes did not fit ("" for none).
	FullReport string
	// LinkPrefix, when set, makes head locations links: prefix + path +
	// "#L" + line (for example https://github.com/o/r/blob/SHA/).
	LinkPrefix string
}

// WriteMarkdown renders the short report, sized for review, with the
// default options.
func (r *Report) WriteMarkdown(w io.Writer) error { return r.WriteShort(w, MarkdownOptions{}) }

// header is the verdict, the counts, the Go API note and the warnings:
// what every report starts with.
func (r *Report) header(b *strings.Builder, maxWarnings, maxChars int) {
	fmt.Fprintf(b, "# API diff: %s\n\n", r.Verdict())
	fmt.Fprintf(b, "- Base: `%s`\n- Head: `%s`\n\n", r.Base, r.Head)
	s := r.Summary
	fmt.Fprintf(b, "**%d breaking, %d potentially breaking, %d non-breaking** (spec: %d breaking, %d potentially breaking, %d non-breaking; Go API: %d breaking, %d non-breaking)\n",
		s.Breaking, s.Potential, s.NonBreaking, s.Breaking-s.GoBreaking, s.Potential, s.NonBreaking-s.GoNonBreaking, s.GoBreaking, s.GoNonBreaking)
	if r.GoAPINote != "" {
		fmt.Fprintf(b, "\nGo API: %s\n", cell(r.GoAPINote))
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintf(b, "\n%s reading the specs (as generation prints them):\n\n", plural(len(r.Warnings), "warning"))
		start := b.Len()
		for i, wn := range r.Warnings {
			line := "- " + wn.Side
			if wn.Location != "" {
				line += " `" + cell(clip(wn.Location, 200)) + "`"
			}
			if wn.Pointer != "" {
				line += " `" + cell(clip(wn.Pointer, 200)) + "`"
			}
			line += ": " + cell(clip(wn.Message, 300)) + "\n"
			if i == maxWarnings || b.Len()-start+len(line) > maxChars {
				fmt.Fprintf(b, "- … and %d more in the full report\n", len(r.Warnings)-i)
				break
			}
			b.WriteString(line)
		}
	}
	if len(r.Changes) == 0 {
		b.WriteString("\nNo changes.\n")
	}
}

var levelTitles = map[Level]string{Breaking: "Breaking", Potential: "Potentially breaking"}

// WriteShort renders the report for a pull-request comment: the verdict
// and counts, then every breaking and potentially breaking change (one row
// each, with its reason and location), then the non-breaking ones grouped
// (one row per operation, schema or Go type) in a collapsed <details>. It
// never exceeds the budget: rows that do not fit are counted in a last line
// pointing to the full report.
func (r *Report) WriteShort(w io.Writer, o MarkdownOptions) error {
	budget := o.Budget
	if budget <= 0 {
		budget = DefaultBudget
	}
	var b strings.Builder
	r.header(&b, 20, budget/4)
	// A section is a heading, rows (each standing for n changes) and a
	// closing line.
	type section struct {
		head, tail string
		rows       []string
		n          []int
	}
	var secs []section
	for _, lvl := range []Level{Breaking, Potential} {
		var sec section
		for _, c := range r.Changes {
			if c.Level == lvl {
				sec.rows = append(sec.rows, fmt.Sprintf("| %s | %s | %s | %s |\n", whereCell(c), cell(clip(c.Message, 600)), cell(clip(c.Reason, 300)), r.locCell(c, o.LinkPrefix)))
				sec.n = append(sec.n, 1)
			}
		}
		if len(sec.rows) > 0 {
			sec.head = fmt.Sprintf("\n## %s (%d)\n\n| Where | Change | Why | Location |\n|---|---|---|---|\n", levelTitles[lvl], len(sec.rows))
			secs = append(secs, sec)
		}
	}
	if groups := groupNonBreaking(r.Changes); len(groups) > 0 {
		var sec section
		total := 0
		for _, g := range groups {
			sec.rows = append(sec.rows, "| "+g.where+" | "+cell(g.text)+" |\n")
			sec.n = append(sec.n, g.n)
			total += g.n
		}
		sec.head = fmt.Sprintf("\n<details><summary>%s, grouped</summary>\n\n| Where | Changes |\n|---|---|\n", plural(total, "non-breaking change"))
		sec.tail = "\n</details>\n"
		secs = append(secs, sec)
	}
	// Rows go in order, breaking first, while they fit; each later section
	// keeps a floor (its size, up to 15% of the space) so that a flood of
	// breaking rows still leaves room for the potentially breaking ones.
	// reserve is what must fit after the last row: the line counting what
	// was left out.
	const reserve = 300
	avail := budget - b.Len() - reserve
	floor := func(sec section) int {
		need := len(sec.head) + len(sec.tail)
		for _, row := range sec.rows {
			need += len(row)
		}
		return min(need, max(avail, 0)*15/100)
	}
	floors := make([]int, len(secs))
	for k, sec := range secs {
		floors[k] = floor(sec)
	}
	omitted := 0
	for k, sec := range secs {
		later := 0
		for _, f := range floors[k+1:] {
			later += f
		}
		allowance := avail - later
		if len(sec.head)+len(sec.tail) > allowance {
			for _, n := range sec.n {
				omitted += n
			}
			continue
		}
		used := len(sec.head) + len(sec.tail)
		b.WriteString(sec.head)
		for i, row := range sec.rows {
			if used+len(row) > allowance {
				for _, n := range sec.n[i:] {
					omitted += n
				}
				break
			}
			used += len(row)
			b.WriteString(row)
		}
		b.WriteString(sec.tail)
		avail -= used
	}
	if omitted > 0 {
		more := "more changes"
		if omitted == 1 {
			more = "more change"
		}
		fmt.Fprintf(&b, "\n**%d %s in the full report**", omitted, more)
		if o.FullReport != "" {
			fmt.Fprintf(&b, " (`%s`)", cell(clip(o.FullReport, 200)))
		}
		b.WriteString(".\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteFull renders every change, one row each, by section: the report
// for CI artifacts, with no size limit.
func (r *Report) WriteFull(w io.Writer, linkPrefix string) error {
	var b strings.Builder
	r.header(&b, len(r.Warnings), math.MaxInt)
	for _, sec := range sections {
		var rows []Change
		for _, c := range r.Changes {
			if c.Section == sec {
				rows = append(rows, c)
			}
		}
		if len(rows) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n\n", sectionTitles[sec])
		b.WriteString("| | Where | Change | Why | Location |\n|---|---|---|---|---|\n")
		for _, c := range rows {
			label := "ok"
			switch c.Level {
			case Breaking:
				label = "**breaking**"
			case Potential:
				label = "*potentially breaking*"
			}
			fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s |\n", label, cell(c.Where), cell(c.Message), cell(c.Reason), r.locCell(c, linkPrefix))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// whereCell names where a change is, with its section when that is the Go
// API (where the names are Go identifiers).
func whereCell(c Change) string {
	w := "`" + cell(clip(c.Where, 200)) + "`"
	if c.Section == SecGo {
		return "Go " + w
	}
	return w
}

// locCell is the location (file:line, a link with a prefix) and the JSON
// pointer of a change.
func (r *Report) locCell(c Change, linkPrefix string) string {
	var parts []string
	switch {
	case c.locHead && linkPrefix != "" && c.headFile != "" && c.headLine > 0:
		line := strconv.Itoa(c.headLine)
		parts = append(parts, "["+cell(c.headFile)+":"+line+"]("+linkPrefix+c.headFile+"#L"+line+")")
	case c.Location != "":
		parts = append(parts, "`"+cell(c.Location)+"`")
	}
	if c.Pointer != "" {
		parts = append(parts, "`"+cell(clip(c.Pointer, 300))+"`")
	}
	return strings.Join(parts, " ")
}

// group is one row of the non-breaking table: the changes of one
// operation, schema or Go type.
type group struct {
	where string
	text  string
	n     int
}

// groupNonBreaking folds the non-breaking changes into one row per place:
// a spec change by where it is (an operation, a schema), a Go change by
// the type or service it belongs to. A new schema or type is one row with
// its field count instead of a row per field.
func groupNonBreaking(changes []Change) []group {
	type acc struct {
		where   string
		added   bool // a new Go type: its fields are counted, not listed
		kind    string
		msgs    []string
		reasons []string
		members []member
		n       int
	}
	var order []string
	m := map[string]*acc{}
	get := func(key, where string) *acc {
		a := m[key]
		if a == nil {
			a = &acc{where: where}
			m[key] = a
			order = append(order, key)
		}
		return a
	}
	// Enum constants belong to their type: the type's pointer plus /enum.
	typeAt := map[string]string{}
	for _, c := range changes {
		if root, name := goRoot(c.Where); c.Section == SecGo && name == "" && strings.HasPrefix(c.Kind, "type-") && c.Pointer != "" {
			typeAt[c.Pointer] = root
		}
	}
	for _, c := range changes {
		if c.Level != NonBreaking {
			continue
		}
		if c.Section != SecGo {
			a := get("spec\x00"+c.Where, "`"+cell(clip(c.Where, 200))+"`")
			a.n++
			a.msgs = append(a.msgs, c.Message)
			if !slices.Contains(a.reasons, c.Reason) {
				a.reasons = append(a.reasons, c.Reason)
			}
			continue
		}
		root, name := goRoot(c.Where)
		if t, ok := typeAt[strings.TrimSuffix(c.Pointer, "/enum")]; ok && strings.HasPrefix(c.Kind, "const-") && name == "" {
			root, name = t, c.Where
		}
		a := get("go\x00"+root, "Go `"+cell(clip(root, 200))+"`")
		a.n++
		switch {
		case name == "" && strings.HasSuffix(c.Kind, "-added"):
			a.added, a.kind = true, strings.TrimSuffix(c.Kind, "-added")
		case name == "":
			a.msgs = append(a.msgs, c.Message)
		default:
			noun, verb, _ := strings.Cut(c.Kind, "-")
			a.members = append(a.members, member{noun: noun, verb: verb, name: name})
		}
	}
	var out []group
	for _, k := range order {
		a := m[k]
		var parts []string
		var rest []string
		counts := map[string]int{}
		var nouns []string
		for _, mb := range a.members {
			if a.added && mb.verb == "added" {
				if counts[mb.noun] == 0 {
					nouns = append(nouns, mb.noun)
				}
				counts[mb.noun]++
				continue
			}
			rest = append(rest, mb.verb+" `"+mb.name+"`")
		}
		if a.added {
			what := "new " + a.kind
			var cs []string
			for _, noun := range nouns {
				cs = append(cs, plural(counts[noun], memberNouns[noun]))
			}
			if len(cs) > 0 {
				what += " (" + strings.Join(cs, ", ") + ")"
			}
			parts = append(parts, what)
		}
		parts = append(parts, a.msgs...)
		if len(rest) > 0 {
			parts = append(parts, listed(rest, 12))
		}
		text := strings.Join(parts, "; ")
		if len(a.reasons) > 0 {
			text += " — " + strings.Join(a.reasons, "; ")
		}
		out = append(out, group{where: a.where, text: clip(text, 900), n: a.n})
	}
	return out
}

// member is a Go identifier inside a type or service.
type member struct{ noun, verb, name string }

var memberNouns = map[string]string{"field": "field", "method": "method", "const": "value", "type": "type", "func": "func"}

// goRoot splits a Go identifier of the report into the type or service it
// belongs to and the member ("" for the type itself): Pet.Name → Pet, Name;
// (*PetsService).ListPets → PetsService, ListPets.
func goRoot(where string) (root, member string) {
	if strings.HasPrefix(where, "(*") {
		if i := strings.Index(where, ")."); i > 0 {
			return where[2:i], where[i+2:]
		}
	}
	if t, f, ok := strings.Cut(where, "."); ok {
		return t, f
	}
	return where, ""
}

// listed joins at most max items, counting the rest.
func listed(items []string, max int) string {
	if len(items) <= max {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:max], ", ") + fmt.Sprintf(" and %d more", len(items)-max)
}

// clip shortens s to at most n bytes (on a rune boundary), marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n - len("…")
	for i > 0 && !utf8Start(s[i]) {
		i--
	}
	return s[:i] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "\r", " ")
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// WriteJSON renders the report for machines, every change included. The
// schema is stable: {base, head, summary{verdict, breaking,
// potentiallyBreaking, nonBreaking, goBreaking, goNonBreaking},
// changes[{section (operations, parameters, requestBodies, responses,
// schemas, security, servers, goAPI), kind, where, pointer, location,
// level (breaking, potentially-breaking, non-breaking), breaking, message,
// reason}], goAPINote, warnings[{side, location, pointer, message}]}.
func (r *Report) WriteJSON(w io.Writer) error {
	out := *r
	if out.Changes == nil {
		out.Changes = []Change{}
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
