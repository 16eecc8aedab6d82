package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/config"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
	"github.com/atriumgen/atriumgen/generator/internal/specdiff"
)

// runDiff is `diff`: specdiff's command line, plus -config FILE, which
// takes the overlays and every option that decides the SDK's Go names,
// types and packages (nullable-pointers, share-types, split-services,
// group-by and naming, paging) from the generator's config, before the
// flags given, so review and generation read the spec alike.
func runDiff(args []string, stdout, stderr io.Writer) int {
	var rest []string
	configFile := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-config" || a == "--config":
			if i+1 >= len(args) {
				fmt.Fprintln(stderr, "diff: -config needs a file")
				return 2
			}
			configFile = args[i+1]
			i++
		case strings.HasPrefix(a, "-config=") || strings.HasPrefix(a, "--config="):
			_, configFile, _ = strings.Cut(a, "=")
		default:
			rest = append(rest, a)
		}
	}
	if configFile == "" {
		return specdiff.Main(args, stdout, stderr)
	}
	var cfg pipeline.Config
	_, diags := config.Load(configFile, &cfg)
	for _, d := range diags {
		fmt.Fprintln(stderr, d.String())
	}
	if diags.HasErrors() {
		return 2
	}
	var pre []string
	for _, o := range cfg.Overlays {
		pre = append(pre, "-overlay", o)
	}
	return specdiff.MainWith(append(pre, rest...), stdout, stderr, specdiff.Model{
		NullablePointers: cfg.NullablePointers,
		ShareTypes:       cfg.ShareTypes,
		SplitServices:    cfg.SplitServices,
		Naming:           cfg.Naming,
		Paging:           cfg.Paging,
	})
}
