package specdiff

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// WriteGitHub renders the report as GitHub Actions workflow commands: an
// ::error annotation per breaking change and a ::warning per potentially
// breaking one, each at the head spec's line that changed (or, for what
// was removed, the nearest enclosing element still there); a ::warning per
// loader warning; and a closing ::notice with the verdict and counts.
// Non-breaking changes are only counted: annotations are for what needs a
// decision.
func (r *Report) WriteGitHub(w io.Writer) error {
	var b strings.Builder
	for _, wn := range r.Warnings {
		props := []string{"title=" + ghProp("spec warning ("+wn.Side+")")}
		if wn.Side == "head" && wn.file != "" && !strings.HasPrefix(wn.file, "git:") {
			props = append([]string{"file=" + ghProp(filepath.ToSlash(filepath.Clean(wn.file)))}, props...)
			if wn.line > 0 {
				props = append(props[:1], append([]string{"line=" + strconv.Itoa(wn.line)}, props[1:]...)...)
			}
		}
		msg := wn.Message
		if wn.Pointer != "" {
			msg = wn.Pointer + ": " + msg
		}
		fmt.Fprintf(&b, "::warning %s::%s\n", strings.Join(props, ","), ghData(msg))
	}
	for _, c := range r.Changes {
		cmd := ""
		switch c.Level {
		case Breaking:
			cmd = "error"
		case Potential:
			cmd = "warning"
		default:
			continue
		}
		var props []string
		if c.headFile != "" {
			props = append(props, "file="+ghProp(c.headFile))
			if c.headLine > 0 {
				props = append(props, "line="+strconv.Itoa(c.headLine))
			}
		}
		title := c.Level.String() + ": " + c.Where
		if c.Section == SecGo {
			title = c.Level.String() + " (Go API): " + c.Where
		}
		props = append(props, "title="+ghProp(clip(title, 200)))
		msg := c.Message + " — " + c.Reason
		if c.Pointer != "" {
			msg += " (" + c.Pointer + ")"
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(msg))
	}
	s := r.Summary
	fmt.Fprintf(&b, "::notice title=%s::%s\n", ghProp("API diff: "+r.Verdict()),
		ghData(fmt.Sprintf("%d breaking, %d potentially breaking, %d non-breaking (%s → %s)", s.Breaking, s.Potential, s.NonBreaking, r.Base, r.Head)))
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command's property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
