package ir

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
)

// PatternExample is a string matching the regular expression pattern (as
// JSON Schema reads it: unanchored) with a length in [minLen, maxLen] (nil:
// unbounded). It handles the common subset: literals, classes, ., anchors,
// groups, alternation and quantifiers; anything else, or a pattern Go's
// regexp cannot parse (lookaround, backreferences), is an error.
func PatternExample(pattern string, minLen uint64, maxLen *uint64) (string, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", fmt.Errorf("not a pattern Go can read (%v)", err)
	}
	match, err := regexp.Compile(pattern)
	if err != nil {
		return "", err
	}
	// Repeat unbounded quantifiers more and more until the length fits.
	for _, extra := range []int{0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 128, 256} {
		var b strings.Builder
		if err := genRegexp(&b, re, extra); err != nil {
			return "", err
		}
		s := b.String()
		n := uint64(len([]rune(s)))
		if maxLen != nil && n > *maxLen {
			if extra == 0 {
				return "", fmt.Errorf("the shortest generated match %q is longer than maxLength %d", s, *maxLen)
			}
			break
		}
		if !match.MatchString(s) {
			return "", fmt.Errorf("generated %q does not match", s)
		}
		if n >= minLen {
			return s, nil
		}
		// An unanchored end matches whatever follows.
		if padded := s + strings.Repeat("a", int(minLen-n)); match.MatchString(padded) && (maxLen == nil || minLen <= *maxLen) {
			return padded, nil
		}
	}
	return "", fmt.Errorf("no generated match has a length in %d..%v", minLen, lenBound(maxLen))
}

func genRegexp(b *strings.Builder, re *syntax.Regexp, extra int) error {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('a')
	case syntax.OpCharClass:
		r, ok := classRune(re.Rune)
		if !ok {
			return fmt.Errorf("empty character class")
		}
		b.WriteRune(r)
	case syntax.OpCapture:
		return genRegexp(b, re.Sub[0], extra)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if err := genRegexp(b, sub, extra); err != nil {
				return err
			}
		}
	case syntax.OpAlternate:
		return genRegexp(b, re.Sub[0], extra)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		n := 0
		switch re.Op {
		case syntax.OpStar:
			n = extra
		case syntax.OpPlus:
			n = 1 + extra
		case syntax.OpQuest:
			n = min(extra, 1)
		case syntax.OpRepeat:
			n = re.Min + extra
			if re.Max >= 0 && n > re.Max {
				n = re.Max
			}
		}
		for range n {
			if err := genRegexp(b, re.Sub[0], extra); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("unsupported construct %s", re)
	}
	return nil
}

// classRune picks a readable rune of a character class (pairs of
// inclusive ranges): a lower-case letter, digit or upper-case letter when
// the class has one, else its first rune that prints.
func classRune(ranges []rune) (rune, bool) {
	if len(ranges) == 0 {
		return 0, false
	}
	for _, want := range [][2]rune{{'a', 'z'}, {'0', '9'}, {'A', 'Z'}} {
		for i := 0; i+1 < len(ranges); i += 2 {
			lo, hi := max(ranges[i], want[0]), min(ranges[i+1], want[1])
			if lo <= hi {
				return lo, true
			}
		}
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1] && r < ranges[i]+256; r++ {
			if r > ' ' && r != 0x7f {
				return r, true
			}
		}
	}
	return ranges[0], true
}
