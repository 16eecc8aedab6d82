package main

import (
	"bufio"
	"context"
	"io"
	"regexp"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

// TestRun starts the command on a free port, reads the printed base URL and
// keys, calls the API with them and stops the command.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-api-key", "k1", "-client-id", "c1", "-step-delay", "0"}, pw)
		pw.Close()
	}()
	vars := map[string]string{}
	re := regexp.MustCompile(`export (\w+)=(\S+)`)
	sc := bufio.NewScanner(pr)
	for len(vars) < 3 && sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			vars[m[1]] = m[2]
		}
	}
	go io.Copy(io.Discard, pr)
	if vars["MX_API_KEY"] != "k1" || vars["MX_CLIENT_ID"] != "c1" || vars["ATRIUM_BASE_URL"] == "" {
		t.Fatalf("printed %v", vars)
	}
	c := atrium.NewClient(vars["MX_API_KEY"], vars["MX_CLIENT_ID"], atrium.WithBaseURL(vars["ATRIUM_BASE_URL"]))
	in, _, err := c.Institutions.ReadInstitution(ctx, "mxbank")
	if err != nil || *in.Institution.Name != "MX Bank" {
		t.Fatalf("ReadInstitution: %v %v", in, err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not return after cancel")
	}
}

func TestRunBadArgs(t *testing.T) {
	if err := run(context.Background(), []string{"extra"}, io.Discard); err == nil {
		t.Fatal("no error for an extra argument")
	}
	if err := run(context.Background(), []string{"-nope"}, io.Discard); err == nil {
		t.Fatal("no error for an unknown flag")
	}
}
