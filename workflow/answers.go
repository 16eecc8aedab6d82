package workflow

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

// Answers returns an AnswerFunc that answers challenges with values, in
// order, one value per challenge across all rounds. For a challenge that
// offers options, a value may be an option's value, its label (any case) or
// its 1-based position. Running out of values is an error.
func Answers(values ...string) AnswerFunc {
	var mu sync.Mutex
	next := 0
	return func(_ context.Context, challenges []atrium.Challenge) ([]atrium.CredentialRequest, error) {
		mu.Lock()
		defer mu.Unlock()
		out := make([]atrium.CredentialRequest, 0, len(challenges))
		for _, c := range challenges {
			if next >= len(values) {
				return nil, fmt.Errorf("workflow: no answer left for challenge %q", label(c))
			}
			v, err := Choose(c, values[next])
			if err != nil {
				return nil, err
			}
			next++
			out = append(out, atrium.CredentialRequest{GUID: deref(c.GUID), Value: v})
		}
		return out, nil
	}
}

// Choose turns what an end user typed into the value to send for a
// challenge: for challenges with options (or image options) the option
// whose value or label matches (ignoring case), or the option at a 1-based
// position; for others the text itself.
func Choose(c atrium.Challenge, typed string) (string, error) {
	typed = strings.TrimSpace(typed)
	type opt struct{ label, value string }
	var opts []opt
	for _, o := range c.Options {
		opts = append(opts, opt{deref(o.Label), deref(o.Value)})
	}
	for _, o := range c.ImageOptions {
		opts = append(opts, opt{deref(o.Label), deref(o.Value)})
	}
	if len(opts) == 0 {
		return typed, nil
	}
	for _, o := range opts {
		if strings.EqualFold(o.value, typed) || strings.EqualFold(o.label, typed) {
			return o.value, nil
		}
	}
	if n, err := strconv.Atoi(typed); err == nil && n >= 1 && n <= len(opts) {
		return opts[n-1].value, nil
	}
	return "", fmt.Errorf("workflow: %q is not one of the %d options of challenge %q", typed, len(opts), label(c))
}

func label(c atrium.Challenge) string {
	if c.Label != nil {
		return *c.Label
	}
	return deref(c.GUID)
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
