package workflow_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/atriumgen/atriumgen/sandbox"
	"github.com/atriumgen/atriumgen/workflow"
)

// Create a member of the sandbox's test institution whose password asks a
// text MFA question, and follow its aggregation.
func ExampleAggregator() {
	ts := httptest.NewServer(sandbox.New(sandbox.Config{Seed: 1}))
	defer ts.Close()
	client := atrium.NewClient(sandbox.DefaultAPIKey, sandbox.DefaultClientID, atrium.WithBaseURL(ts.URL))
	ctx := context.Background()

	user, _, err := client.Users.CreateUser(ctx, atrium.UserCreateRequestBody{User: atrium.User{Identifier: atrium.Ptr("example")}})
	if err != nil {
		panic(err)
	}
	creds, _, err := client.Institutions.ReadInstitutionCredentials(ctx, "mxbank")
	if err != nil {
		panic(err)
	}
	var answers []atrium.CredentialRequest
	for _, c := range creds.Credentials {
		value := "test_atrium"
		if *c.Type == "PASSWORD" {
			value = "challenge"
		}
		answers = append(answers, atrium.CredentialRequest{GUID: *c.GUID, Value: value})
	}

	agg := &workflow.Aggregator{
		Client:     client,
		MinBackoff: time.Millisecond,
		Answer: func(ctx context.Context, challenges []atrium.Challenge) ([]atrium.CredentialRequest, error) {
			fmt.Println("asked:", *challenges[0].Label)
			return workflow.Answers("correct")(ctx, challenges)
		},
	}
	_, res, err := agg.Create(ctx, *user.User.GUID, atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{
		InstitutionCode: "mxbank", Credentials: answers,
	}})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Outcome, res.Transitions)
	// Output:
	// asked: What city were you born in?
	// connected [CREATED CHALLENGED RESUMED CONNECTED]
}
