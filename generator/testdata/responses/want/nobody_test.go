package responses_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	responses "github.com/atriumgen/atriumgen/generator/testdata/responses/want"
)

// A 204 declared with a JSON body and a HEAD response declared with one
// are answered with no body by every server: the client reads none and
// returns no error (issue 20).
func TestNoBodyStatusesAndHead(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodHead {
			w.Header().Set("Content-Length", "27")
			w.WriteHeader(http.StatusOK)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	client := responses.NewClient(responses.WithBaseURL(srv.URL))
	ctx := context.Background()
	job, resp, err := client.Jobs.CancelJob(ctx, "j1")
	if err != nil || resp.StatusCode != http.StatusNoContent || job != nil {
		t.Errorf("CancelJob on 204 = %v, %v, %v; want nil, 204, nil", job, resp, err)
	}
	resp, err = client.Jobs.JobExists(ctx, "j1")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("JobExists (HEAD) = %v, %v; want 200, nil", resp, err)
	}
}
