package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/sandbox"
)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func noEnv(string) string { return "" }

var txLine = regexp.MustCompile(`(?m)^  \d{4}-\d{2}-\d{2}  (DEBIT|CREDIT) +\d+\.\d{2}  `)

// checkGuide asserts the output walked every step of the guide and listed
// transactions. With a step delay the aggregation moves with the wall clock,
// so a poll that comes late (a loaded machine) may miss the passing states
// CREATED and RESUMED: checkGuide asks for them only on untimed runs, where
// the sandbox takes one step per read.
func checkGuide(t *testing.T, out string, rounds int) {
	checkGuideTimed(t, out, rounds, false)
}

func checkGuideTimed(t *testing.T, out string, rounds int, timed bool) {
	t.Helper()
	wants := []string{
		"Step 1: create a user", "Step 2: search for an institution", "  mxbank               MX Bank",
		"Step 3: read the credentials mxbank requires", "Step 4: create a member", "aggregation started",
		"=> connected: CONNECTED", "Step 5: list the member's accounts", "MX Bank Checking",
		"Step 6: list transactions",
	}
	if !timed {
		wants = append(wants, "status CREATED, aggregating")
	}
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if rounds > 0 && !strings.Contains(out, "status CHALLENGED, aggregating") {
		t.Error("output shows no CHALLENGED state")
	}
	if rounds > 0 && !timed && !strings.Contains(out, "status RESUMED, aggregating") {
		t.Error("output shows no CHALLENGED → RESUMED transition")
	}
	if n := strings.Count(out, "answers sent, aggregation resumed"); n != rounds {
		t.Errorf("%d MFA rounds, want %d", n, rounds)
	}
	if len(txLine.FindAllString(out, -1)) == 0 {
		t.Error("no transaction listed")
	}
	if t.Failed() {
		t.Log(out)
	}
}

// TestRun: the default run (what `go run ./examples/aggregate` does, on a
// terminal or not) completes the challenge scenario with the guide's answers
// against the in-process sandbox.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := runWith(ctxT(t), []string{"-step-delay", "0", "-poll", "1ms"}, &out, env{getenv: noEnv, interactive: true}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	checkGuide(t, out.String(), 2)
	if !strings.Contains(out.String(), "answer (the sandbox default; -answers overrides): challenge") {
		t.Error("the guide's first answer was not used")
	}
}

// TestRunFlags goes through run itself, with answers from the flag.
func TestRunFlags(t *testing.T) {
	t.Setenv("ATRIUM_BASE_URL", "")
	t.Setenv("MX_API_KEY", "")
	t.Setenv("MX_CLIENT_ID", "")
	for _, tc := range []struct {
		password, answers string
		rounds            int
	}{{"options", "2", 1}, {"image", "correct", 1}, {"password", "", 0}, {"challenge", "correct", 1}} {
		var out bytes.Buffer
		if err := run(ctxT(t), []string{"-step-delay", "5ms", "-poll", "2ms", "-password", tc.password, "-answers", tc.answers}, &out); err != nil {
			t.Fatalf("%s: %v\n%s", tc.password, err, out.String())
		}
		checkGuideTimed(t, out.String(), tc.rounds, true)
	}
}

// TestPrompt: on a terminal with -prompt the example asks.
func TestPrompt(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader("challenge\ncorrect\n")
	if err := runWith(ctxT(t), []string{"-step-delay", "0", "-poll", "1ms", "-prompt"}, &out, env{getenv: noEnv, stdin: in, interactive: true}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	checkGuide(t, out.String(), 2)
	if strings.Count(out.String(), "    answer: ") != 2 {
		t.Errorf("not prompted twice:\n%s", out.String())
	}
	// An option by its number.
	out.Reset()
	if err := runWith(ctxT(t), []string{"-step-delay", "0", "-poll", "1ms", "-password", "options", "-prompt"}, &out, env{getenv: noEnv, stdin: strings.NewReader("2\n"), interactive: true}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	checkGuide(t, out.String(), 1)
}

// TestFailures: a scenario that does not connect, and answers that run out
// off a terminal, are errors naming what happened.
func TestFailures(t *testing.T) {
	var out bytes.Buffer
	err := runWith(ctxT(t), []string{"-step-delay", "0", "-poll", "1ms", "-password", "UNAUTHORIZED"}, &out, env{getenv: noEnv})
	if err == nil || !strings.Contains(err.Error(), "DENIED") || !strings.Contains(err.Error(), "needs new credentials") {
		t.Fatalf("UNAUTHORIZED: %v", err)
	}
	err = runWith(ctxT(t), []string{"-step-delay", "0", "-poll", "1ms", "-answers", "challenge"}, &out, env{getenv: noEnv})
	if err == nil || !strings.Contains(err.Error(), "no answer left") {
		t.Fatalf("answers running out: %v", err)
	}
	if err := runWith(ctxT(t), []string{"extra"}, &out, env{getenv: noEnv}); err == nil {
		t.Fatal("no error for an extra argument")
	}
}

// TestRemote: with ATRIUM_BASE_URL, MX_API_KEY and MX_CLIENT_ID set the
// example talks to that server (here a separately started sandbox) and
// deletes its user at the end.
func TestRemote(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Config{APIKey: "remote-key", ClientID: "remote-id"}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	vars := map[string]string{"ATRIUM_BASE_URL": sb.URL, "MX_API_KEY": "remote-key", "MX_CLIENT_ID": "remote-id"}
	var out bytes.Buffer
	if err := runWith(ctxT(t), []string{"-poll", "2ms", "-password", "image", "-answers", "correct"}, &out, env{getenv: func(k string) string { return vars[k] }}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	checkGuide(t, out.String(), 1)
	if !strings.Contains(out.String(), "Atrium at "+sb.URL) || !strings.Contains(out.String(), "Deleted user") {
		t.Fatalf("output:\n%s", out.String())
	}
	users, _, err := sb.Client().Users.ListUsers(ctxT(t), nil)
	if err != nil || len(users.Users) != 0 {
		t.Fatalf("users left on the server: %v %v", users, err)
	}
	// Wrong keys: the 401 comes back as the error.
	vars["MX_API_KEY"] = "wrong"
	err = runWith(ctxT(t), nil, &out, env{getenv: func(k string) string { return vars[k] }})
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("wrong keys: %v", err)
	}
}

// TestRunOAuth: `go run ./examples/aggregate -oauth` walks an OAuth member
// from PENDING through the sandbox's OAuth page to CONNECTED, offline, and
// lists its accounts and transactions.
func TestRunOAuth(t *testing.T) {
	var out bytes.Buffer
	if err := runWith(ctxT(t), []string{"-oauth", "-step-delay", "0", "-poll", "1ms"}, &out, env{getenv: noEnv}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	s := out.String()
	for _, want := range []string{
		"Step 3: check that " + sandbox.TestOAuthInstitution + " supports OAuth", "supports_oauth true",
		"is PENDING: the end user must complete OAuth", "oauth_window_uri: http://127.0.0.1:", sandbox.OAuthPath,
		"playing the end user", "=> connected: CONNECTED", "Step 5: list the member's accounts", "MX Bank (OAuth) Checking",
		"Step 6: list transactions",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(s, "read the credentials") {
		t.Error("an OAuth member's run read credentials")
	}
	if len(txLine.FindAllString(s, -1)) == 0 {
		t.Error("no transaction listed")
	}
	if t.Failed() {
		t.Log(s)
	}
}

// TestRunOAuthRemoteNeedsEndUser: against a remote environment without a
// terminal, the OAuth step cannot be played and says so.
func TestRunOAuthRemoteNeedsEndUser(t *testing.T) {
	sb, err := sandbox.Start(sandbox.Config{Seed: 1}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	getenv := func(k string) string {
		return map[string]string{"ATRIUM_BASE_URL": sb.URL, "MX_API_KEY": sb.APIKey, "MX_CLIENT_ID": sb.ClientID}[k]
	}
	var out bytes.Buffer
	err = runWith(ctxT(t), []string{"-oauth", "-poll", "1ms"}, &out, env{getenv: getenv})
	if err == nil || !strings.Contains(err.Error(), "needs the end user") {
		t.Fatalf("err %v, want the end-user error\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "oauth_window_uri: "+sb.URL+sandbox.OAuthPath) {
		t.Errorf("the URI was not printed:\n%s", out.String())
	}
}
