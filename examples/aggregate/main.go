// Command aggregate runs MX's Getting Started guide end to end with the
// generated SDK and the workflow helper: create a user, search for an
// institution, read its credentials, create a member, follow the
// aggregation (answering MFA), then list accounts and transactions.
//
//	go run ./examples/aggregate                       # in-process sandbox, "challenge" scenario
//	go run ./examples/aggregate -password options     # another test-institution scenario
//	go run ./examples/aggregate -answers challenge,correct
//	go run ./examples/aggregate -oauth                # an OAuth member (mxbank_oauth), PENDING → CONNECTED
//
// With ATRIUM_BASE_URL, MX_API_KEY and MX_CLIENT_ID all set, the same code
// runs against that environment (e.g. https://vestibule.mx.com, or a
// sandbox started with `go run ./sandbox/cmd/atrium-sandbox`). MFA answers
// come from -answers, in order (on the sandbox they default to the guide's
// walk-through unless -prompt is given); when they run out and standard
// input is a terminal, the example asks.
//
// With -oauth the member is an OAuth member: created with is_oauth and no
// credentials, it starts PENDING with an oauth_window_uri. On the
// in-process sandbox the example plays the end user at that page
// (authorizing); elsewhere it prints the URI and, on a terminal, waits for
// Enter once the end user has authorized in a browser.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/atriumgen/atriumgen/sandbox"
	"github.com/atriumgen/atriumgen/workflow"
	"github.com/oapi-codegen/runtime/types"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "aggregate:", err)
		os.Exit(1)
	}
}

// run is the example; it reads the environment and, to prompt, standard
// input.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	return runWith(ctx, args, stdout, env{getenv: os.Getenv, stdin: os.Stdin, interactive: stdinIsTerminal()})
}

type env struct {
	getenv      func(string) string
	stdin       io.Reader
	interactive bool // prompt for MFA answers on stdin
}

// stdinIsTerminal reports whether standard input is a character device
// other than /dev/null (no dependency beyond the standard library).
func stdinIsTerminal() bool {
	fi, err := os.Stdin.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(fi, null) {
		return false
	}
	return true
}

type options struct {
	search, institution, username, password string
	answers                                 []string
	answersSet, answersDefault              bool
	hint                                    string // shown when prompting
	stepDelay, poll                         time.Duration
	transactions                            int
	keep                                    bool
	oauth                                   bool
}

func runWith(ctx context.Context, args []string, out io.Writer, e env) error {
	fs := flag.NewFlagSet("aggregate", flag.ContinueOnError)
	fs.SetOutput(out)
	var o options
	fs.StringVar(&o.search, "search", "mx", "institution search term (step 2)")
	fs.StringVar(&o.institution, "institution", sandbox.TestInstitution, "institution code to connect to")
	fs.StringVar(&o.username, "username", sandbox.TestUsername, "username credential")
	fs.StringVar(&o.password, "password", string(sandbox.ScenarioChallenge),
		"password credential; at the test institution it picks the scenario: password, challenge, options, image, BAD_REQUEST, UNAUTHORIZED")
	answers := fs.String("answers", "", `comma-separated MFA answers, used in order; an option may be given by value, label or number (default on the sandbox: "challenge,correct" for the challenge scenario, as in the guide, "correct" otherwise)`)
	prompt := fs.Bool("prompt", false, "on the sandbox, ask for MFA answers on the terminal instead of using the default ones")
	fs.DurationVar(&o.stepDelay, "step-delay", 250*time.Millisecond, "aggregation step delay of the in-process sandbox")
	fs.DurationVar(&o.poll, "poll", 200*time.Millisecond, "first wait between status polls; it doubles (up to 3s) while nothing changes")
	fs.IntVar(&o.transactions, "transactions", 10, "how many transactions to print")
	fs.BoolVar(&o.keep, "keep", false, "keep the user created on a remote environment (it is deleted by default)")
	fs.BoolVar(&o.oauth, "oauth", false, "create an OAuth member (is_oauth, no credentials) at -institution (default "+sandbox.TestOAuthInstitution+" with -oauth)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	institutionSet := false
	fs.Visit(func(f *flag.Flag) {
		o.answersSet = o.answersSet || f.Name == "answers"
		institutionSet = institutionSet || f.Name == "institution"
	})
	if o.oauth && !institutionSet {
		o.institution = sandbox.TestOAuthInstitution
	}
	if *answers != "" {
		o.answers = strings.Split(*answers, ",")
	}

	baseURL, key, id := e.getenv("ATRIUM_BASE_URL"), e.getenv("MX_API_KEY"), e.getenv("MX_CLIENT_ID")
	remote := baseURL != "" && key != "" && id != ""
	var client *atrium.Client
	if remote {
		fmt.Fprintf(out, "Atrium at %s (from ATRIUM_BASE_URL)\n", baseURL)
		client = atrium.NewClient(key, id, atrium.WithBaseURL(baseURL))
	} else {
		if baseURL != "" || key != "" || id != "" {
			fmt.Fprintln(out, "note: set all of ATRIUM_BASE_URL, MX_API_KEY and MX_CLIENT_ID to use a remote environment; using the sandbox")
		}
		sb, err := sandbox.Start(sandbox.Config{Seed: 1, StepDelay: o.stepDelay}, "")
		if err != nil {
			return err
		}
		defer sb.Close()
		fmt.Fprintf(out, "Atrium sandbox (in-process) at %s, aggregation step delay %s\n", sb.URL, o.stepDelay)
		o.hint = fmt.Sprintf("sandbox: %q proceeds, \"challenge\" asks a second question, anything else is refused", sandbox.CorrectAnswer)
		client = sb.Client()
		if !o.answersSet && !*prompt {
			o.answers = []string{sandbox.CorrectAnswer}
			if o.password == string(sandbox.ScenarioChallenge) {
				o.answers = []string{"challenge", sandbox.CorrectAnswer}
			}
			o.answersDefault = true
		}
	}
	return guide(ctx, client, o, out, e, remote)
}

func guide(ctx context.Context, c *atrium.Client, o options, out io.Writer, e env, remote bool) error {
	step := func(n int, format string, args ...any) {
		fmt.Fprintf(out, "\nStep %d: %s\n", n, fmt.Sprintf(format, args...))
	}

	step(1, "create a user")
	ident := fmt.Sprintf("aggregate-example-%d", time.Now().UnixNano())
	u, _, err := c.Users.CreateUser(ctx, atrium.UserCreateRequestBody{User: atrium.User{
		Identifier: &ident, Metadata: atrium.Ptr(`{"first_name": "Steven"}`),
	}})
	if err != nil {
		return err
	}
	userGUID := *u.User.GUID
	fmt.Fprintf(out, "  user %s (identifier %s)\n", userGUID, ident)
	if remote && !o.keep {
		defer func() {
			if _, err := c.Users.DeleteUser(context.WithoutCancel(ctx), userGUID); err == nil {
				fmt.Fprintf(out, "\nDeleted user %s (-keep keeps it)\n", userGUID)
			}
		}()
	}

	step(2, "search for an institution (name %q)", o.search)
	insts, _, err := c.Institutions.ListInstitutions(ctx, &atrium.ListInstitutionsParams{Name: &o.search, RecordsPerPage: atrium.Ptr[int32](10)})
	if err != nil {
		return err
	}
	for _, in := range insts.Institutions {
		fmt.Fprintf(out, "  %-20s %s\n", deref(in.Code), deref(in.Name))
	}

	if o.oauth {
		return guideOAuth(ctx, c, o, out, e, remote, userGUID)
	}

	step(3, "read the credentials %s requires", o.institution)
	creds, _, err := c.Institutions.ReadInstitutionCredentials(ctx, o.institution)
	if err != nil {
		return err
	}
	var answers []atrium.CredentialRequest
	for _, cr := range creds.Credentials {
		v := o.username
		if deref(cr.Type) == "PASSWORD" {
			v = o.password
		}
		answers = append(answers, atrium.CredentialRequest{GUID: deref(cr.GUID), Value: v})
		fmt.Fprintf(out, "  %-10s %s (%s)\n", deref(cr.Label), deref(cr.GUID), deref(cr.Type))
	}

	step(4, "create a member (%s / %s) and follow its aggregation", o.username, o.password)
	agg := &workflow.Aggregator{
		Client:     c,
		MinBackoff: o.poll, MaxBackoff: max(o.poll, 3*time.Second),
		Answer:  answerer(o.answers, o.answersDefault, o.hint, e, out),
		OnEvent: func(ev workflow.Event) { printEvent(out, ev) },
	}
	m, res, err := agg.Create(ctx, userGUID, atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{
		InstitutionCode: o.institution, Credentials: answers,
	}})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  => %s: %s after %d status polls and %d MFA round(s)\n", res.Outcome, *res.Status.ConnectionStatus, res.Polls, res.Rounds)
	if res.Outcome != workflow.Connected {
		return fmt.Errorf("member %s ended %s (%s): %s", deref(m.GUID), *res.Status.ConnectionStatus, workflow.Classify(*res.Status.ConnectionStatus), res.Outcome)
	}
	return pull(ctx, c, o, out, userGUID, *m.GUID, step)
}

// guideOAuth is steps 3 and 4 for an OAuth member: the institution must
// support OAuth; the member is created with is_oauth and no credentials,
// starts PENDING, and aggregates after the end user's OAuth step.
func guideOAuth(ctx context.Context, c *atrium.Client, o options, out io.Writer, e env, remote bool, userGUID string) error {
	step := func(n int, format string, args ...any) {
		fmt.Fprintf(out, "\nStep %d: %s\n", n, fmt.Sprintf(format, args...))
	}
	step(3, "check that %s supports OAuth (OAuth members need no credentials)", o.institution)
	in, _, err := c.Institutions.ReadInstitution(ctx, o.institution)
	if err != nil {
		return err
	}
	if in.Institution == nil || !deref(in.Institution.SupportsOauth) {
		return fmt.Errorf("institution %s does not support OAuth", o.institution)
	}
	fmt.Fprintf(out, "  %s (%s): supports_oauth true\n", deref(in.Institution.Name), o.institution)

	step(4, "create an OAuth member, send the end user through OAuth, follow the aggregation")
	agg := &workflow.Aggregator{
		Client:     c,
		MinBackoff: o.poll, MaxBackoff: max(o.poll, 3*time.Second),
		Answer:  answerer(o.answers, o.answersDefault, o.hint, e, out),
		OAuth:   oauthStep(remote, e, out),
		OnEvent: func(ev workflow.Event) { printEvent(out, ev) },
	}
	m, res, err := agg.Create(ctx, userGUID, atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{
		InstitutionCode: o.institution, IsOauth: atrium.Ptr(true),
	}})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  => %s: %s after %d status polls\n", res.Outcome, *res.Status.ConnectionStatus, res.Polls)
	if res.Outcome != workflow.Connected {
		return fmt.Errorf("OAuth member %s ended %s (%s): %s", deref(m.GUID), *res.Status.ConnectionStatus, workflow.Classify(*res.Status.ConnectionStatus), res.Outcome)
	}
	return pull(ctx, c, o, out, userGUID, *m.GUID, step)
}

// oauthStep sends the end user to the oauth_window_uri: on the in-process
// sandbox the example plays the end user itself; elsewhere it prints the URI
// and waits for Enter on a terminal.
func oauthStep(remote bool, e env, out io.Writer) workflow.OAuthFunc {
	in := bufio.NewReader(e.stdin)
	return func(ctx context.Context, m atrium.Member) error {
		uri := deref(m.OauthWindowURI)
		fmt.Fprintf(out, "  oauth_window_uri: %s\n", uri)
		if !remote {
			fmt.Fprintln(out, "  (sandbox: playing the end user, authorizing at the institution's page)")
			return sandbox.AuthorizeOAuth(ctx, nil, uri, true)
		}
		if !e.interactive {
			return errors.New("the OAuth step needs the end user: open the oauth_window_uri in a browser; run on a terminal to wait for it")
		}
		fmt.Fprint(out, "  open it in a browser, authorize, then press Enter: ")
		if _, err := in.ReadString('\n'); err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		return nil
	}
}

// pull is steps 5 and 6: the member's accounts and the first account's
// transactions.
func pull(ctx context.Context, c *atrium.Client, o options, out io.Writer, userGUID, memberGUID string, step func(int, string, ...any)) error {
	step(5, "list the member's accounts")
	accts, _, err := c.Members.ListMemberAccounts(ctx, userGUID, memberGUID, nil)
	if err != nil {
		return err
	}
	var first *atrium.Account
	for i, a := range accts.Accounts {
		fmt.Fprintf(out, "  %-44s %-28s %-12s %12.2f %s\n", deref(a.GUID), deref(a.Name), deref(a.Type), deref(a.Balance), deref(a.CurrencyCode))
		if first == nil && deref(a.Type) != "INVESTMENT" {
			first = &accts.Accounts[i]
		}
	}
	if first == nil {
		return errors.New("no account with transactions")
	}

	step(6, "list transactions of %s (last 90 days)", deref(first.Name))
	today := time.Now().UTC()
	txs, _, err := c.Accounts.ListAccountTransactions(ctx, userGUID, *first.GUID, &atrium.ListAccountTransactionsParams{
		FromDate: &types.Date{Time: today.AddDate(0, 0, -90)}, ToDate: &types.Date{Time: today.AddDate(0, 0, 5)},
		RecordsPerPage: atrium.Ptr(int32(max(1, o.transactions))),
	})
	if err != nil {
		return err
	}
	for _, tx := range txs.Transactions {
		date := ""
		if tx.Date != nil {
			date = tx.Date.Format(time.DateOnly)
		}
		fmt.Fprintf(out, "  %s  %-6s %9.2f  %-26s %-22s %s\n", date, deref(tx.Type), deref(tx.Amount), deref(tx.Description), deref(tx.Category), deref(tx.Status))
	}
	if p := txs.Pagination; p != nil && p.TotalEntries != nil {
		fmt.Fprintf(out, "  (%d of %d transactions, page 1 of %d)\n", len(txs.Transactions), *p.TotalEntries, deref(p.TotalPages))
	}
	return nil
}

// answerer answers challenges with the given answers, then (on a terminal)
// by asking.
func answerer(given []string, byDefault bool, hint string, e env, out io.Writer) workflow.AnswerFunc {
	source := "from -answers"
	if byDefault {
		source = "the sandbox default; -answers overrides"
	}
	next := 0
	in := bufio.NewReader(e.stdin)
	return func(ctx context.Context, challenges []atrium.Challenge) ([]atrium.CredentialRequest, error) {
		var res []atrium.CredentialRequest
		for _, ch := range challenges {
			fmt.Fprintf(out, "  MFA challenge [%s] %s\n", deref(ch.Type), deref(ch.Label))
			for i, op := range ch.Options {
				fmt.Fprintf(out, "    %d) %s\n", i+1, deref(op.Label))
			}
			for i, op := range ch.ImageOptions {
				fmt.Fprintf(out, "    %d) %s (image, %d bytes)\n", i+1, deref(op.Label), len(deref(op.DataURI)))
			}
			if ch.ImageData != nil {
				fmt.Fprintf(out, "    (image: %d-byte data URI)\n", len(*ch.ImageData))
			}
			var typed string
			switch {
			case next < len(given):
				typed = given[next]
				next++
				fmt.Fprintf(out, "    answer (%s): %s\n", source, typed)
			case e.interactive:
				if hint != "" {
					fmt.Fprintf(out, "    (%s)\n", hint)
				}
				fmt.Fprint(out, "    answer: ")
				line, err := in.ReadString('\n')
				if err != nil && (line == "" || !errors.Is(err, io.EOF)) {
					return nil, fmt.Errorf("reading the answer: %w", err)
				}
				typed = strings.TrimSpace(line)
			default:
				return nil, errors.New("MFA challenge and no answer left: pass -answers, or run on a terminal to be asked")
			}
			v, err := workflow.Choose(ch, typed)
			if err != nil {
				return nil, err
			}
			res = append(res, atrium.CredentialRequest{GUID: deref(ch.GUID), Value: v})
		}
		return res, ctx.Err()
	}
}

func printEvent(out io.Writer, ev workflow.Event) {
	st := ev.Status
	switch ev.Kind {
	case "status":
		agg := ""
		if st.IsBeingAggregated != nil && *st.IsBeingAggregated {
			agg = ", aggregating"
		}
		fmt.Fprintf(out, "  status %s%s\n", deref(st.ConnectionStatus), agg)
	case "resumed":
		fmt.Fprintln(out, "  answers sent, aggregation resumed")
	case "started":
		fmt.Fprintf(out, "  member %s, aggregation started\n", deref(st.GUID))
	case "already running":
		fmt.Fprintln(out, "  an aggregation is already running; following it")
	case "oauth":
		fmt.Fprintf(out, "  member %s is %s: the end user must complete OAuth\n", deref(st.GUID), deref(st.ConnectionStatus))
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
