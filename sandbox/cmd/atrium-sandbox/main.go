// Command atrium-sandbox serves a local Atrium sandbox (package sandbox) on
// 127.0.0.1 and prints its base URL and keys:
//
//	go run ./sandbox/cmd/atrium-sandbox [-addr 127.0.0.1:8089] [-step-delay 1s] [-seed 1]
//
// Point the SDK (or the aggregate example, through ATRIUM_BASE_URL,
// MX_API_KEY and MX_CLIENT_ID) at it. It stops on Ctrl-C.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/atriumgen/atriumgen/sandbox"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "atrium-sandbox:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("atrium-sandbox", flag.ContinueOnError)
	fs.SetOutput(stdout)
	addr := fs.String("addr", "127.0.0.1:8089", "address to listen on (port 0 picks a free one)")
	apiKey := fs.String("api-key", sandbox.DefaultAPIKey, "MX-API-Key the sandbox accepts")
	clientID := fs.String("client-id", sandbox.DefaultClientID, "MX-Client-ID the sandbox accepts")
	seed := fs.Uint64("seed", 1, "seed of the synthetic data and GUIDs")
	delay := fs.Duration("step-delay", time.Second, "time each aggregation step takes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	r, err := sandbox.Start(sandbox.Config{APIKey: *apiKey, ClientID: *clientID, Seed: *seed, StepDelay: *delay}, *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Atrium sandbox serving on %s (aggregation step delay %s)\n\n", r.URL, *delay)
	fmt.Fprintf(stdout, "  export ATRIUM_BASE_URL=%s\n  export MX_API_KEY=%s\n  export MX_CLIENT_ID=%s\n\n", r.URL, r.APIKey, r.ClientID)
	fmt.Fprintf(stdout, "Test institution %q, username %q; the password picks the scenario:\n", sandbox.TestInstitution, sandbox.TestUsername)
	fmt.Fprintf(stdout, "  password, challenge, options, image, BAD_REQUEST, UNAUTHORIZED (MFA answer %q)\n", sandbox.CorrectAnswer)
	fmt.Fprintf(stdout, "OAuth institution %q: create members with is_oauth and no credentials, then open\n", sandbox.TestOAuthInstitution)
	fmt.Fprintln(stdout, "  their oauth_window_uri in a browser and authorize.")
	fmt.Fprintln(stdout, "Ctrl-C stops it.")
	<-ctx.Done()
	return r.Close()
}
