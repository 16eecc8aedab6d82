package ir

import (
	"go/token"
	"strconv"
	"strings"
	"unicode"
)

// servicePackages names each service's package (Options.SplitServices):
// the service's Go name in lower case, ASCII only, never a Go keyword,
// "internal" (the runtime's directory), "docs", "testdata", "vendor" or a
// name another service took (a number is appended then). The service type is Service and its
// constructor New, unless a model has the name.
func (b *builder) servicePackages() {
	b.api.SplitServices = true
	// testdata and vendor are directories the go tool passes over (./...
	// skips them; vendor holds vendored modules): never a service's.
	taken := map[string]bool{"internal": true, "docs": true, "main": true, "testdata": true, "vendor": true, b.api.Package: true}
	// A service file names the models it uses unqualified until it is
	// given its package, so it declares no name a model has.
	ctor, typeName := "New", "Service"
	for _, t := range b.api.Types {
		switch t.Name {
		case ctor:
			ctor = ""
		case typeName:
			typeName = ""
		}
	}
	for _, svc := range b.api.Services {
		base := packageName(svc.Field)
		name := base
		for i := 2; taken[name]; i++ {
			name = base + strconv.Itoa(i)
		}
		taken[name] = true
		svc.Package = name
		if typeName != "" {
			svc.Doc = strings.Replace(svc.Doc, svc.TypeName, typeName, 1)
			svc.TypeName = typeName
		}
		svc.Ctor = ctor
		if svc.Ctor == "" {
			svc.Ctor = "New" + svc.TypeName
		}
	}
}

// packageName is goName lowered to a package name: letters and digits,
// non-ASCII letters as uXXXX, "service" appended to a keyword.
func packageName(goName string) string {
	var b strings.Builder
	for _, r := range goName {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		case r >= 0x80:
			b.WriteString("u" + strconv.FormatInt(int64(unicode.ToLower(r)), 16))
		}
	}
	s := b.String()
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		s = "s" + s
	}
	if token.IsKeyword(s) {
		s += "service"
	}
	return s
}
