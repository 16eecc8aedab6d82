package specdiff

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// order sorts changes by section and, within one, breaking first; the
// order found (operations by path and method, fields by name) is kept
// otherwise.
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
		return a.Breaking && !b.Breaking
	})
}

// WriteMarkdown renders the report for a reviewer.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# API diff\n\n")
	fmt.Fprintf(&b, "- Base: `%s`\n- Head: `%s`\n\n", r.Base, r.Head)
	s := r.Summary
	fmt.Fprintf(&b, "**%d breaking, %d non-breaking** (spec: %d breaking, %d non-breaking; Go API: %d breaking, %d non-breaking)\n",
		s.Breaking, s.NonBreaking, s.Breaking-s.GoBreaking, s.NonBreaking-s.GoNonBreaking, s.GoBreaking, s.GoNonBreaking)
	if len(r.Changes) == 0 {
		b.WriteString("\nNo changes.\n")
	}
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
		b.WriteString("| | Where | Change | Why | Pointer |\n|---|---|---|---|---|\n")
		for _, c := range rows {
			label := "ok"
			if c.Breaking {
				label = "**breaking**"
			}
			ptr := ""
			if c.Pointer != "" {
				ptr = "`" + cell(c.Pointer) + "`"
			}
			fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s |\n", label, cell(c.Where), cell(c.Message), cell(c.Reason), ptr)
		}
	}
	if r.GoAPINote != "" {
		fmt.Fprintf(&b, "\n## Go API\n\n%s\n", r.GoAPINote)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// WriteJSON renders the report for machines. The schema is stable:
// {base, head, summary{breaking, nonBreaking, goBreaking, goNonBreaking},
// changes[{section (operations, parameters, requestBodies, responses,
// schemas, security, servers, goAPI), kind, where, pointer, breaking, message, reason}], goAPINote}.
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
