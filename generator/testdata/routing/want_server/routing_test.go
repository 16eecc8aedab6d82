package routingserver_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	routing "github.com/atriumgen/atriumgen/generator/testdata/routing/want"
	routingserver "github.com/atriumgen/atriumgen/generator/testdata/routing/want_server"
)

// recorder is a Service keeping the operation called and its decoded path
// (and query) parameters.
type recorder struct {
	op   string
	args []any
}

func (r *recorder) got(op string, args ...any) { r.op, r.args = op, args }

func (r *recorder) CheckToken(_ context.Context, req *routingserver.CheckTokenRequest) (*routingserver.CheckTokenResult, error) {
	r.got("CheckToken", req.ClientID)
	return nil, nil
}

func (r *recorder) DeleteDir(_ context.Context, req *routingserver.DeleteDirRequest) (*routingserver.DeleteDirResult, error) {
	r.got("DeleteDir", req.Name)
	return nil, nil
}

func (r *recorder) DeletePet(_ context.Context, req *routingserver.DeletePetRequest) (*routingserver.DeletePetResult, error) {
	r.got("DeletePet", req.PetID)
	return nil, nil
}

func (r *recorder) DownloadStatement(_ context.Context, req *routingserver.DownloadStatementRequest) (*routingserver.DownloadStatementResult, error) {
	r.got("DownloadStatement", req.ID)
	return nil, nil
}

func (r *recorder) FindPetsByStatus(_ context.Context, req *routingserver.FindPetsByStatusRequest) (*routingserver.FindPetsByStatusResult, error) {
	r.got("FindPetsByStatus", req.Status)
	return nil, nil
}

func (r *recorder) GetDir(_ context.Context, req *routingserver.GetDirRequest) (*routingserver.GetDirResult, error) {
	r.got("GetDir", req.Name)
	return nil, nil
}

func (r *recorder) GetGistRevision(_ context.Context, req *routingserver.GetGistRevisionRequest) (*routingserver.GetGistRevisionResult, error) {
	r.got("GetGistRevision", req.GistID, req.Sha)
	return nil, nil
}

func (r *recorder) GetGrant(_ context.Context, req *routingserver.GetGrantRequest) (*routingserver.GetGrantResult, error) {
	r.got("GetGrant", req.GrantID)
	return nil, nil
}

func (r *recorder) GetPage(_ context.Context, req *routingserver.GetPageRequest) (*routingserver.GetPageResult, error) {
	r.got("GetPage", req.MediaID, req.Page, req.Format)
	return nil, nil
}

func (r *recorder) GetPet(_ context.Context, req *routingserver.GetPetRequest) (*routingserver.GetPetResult, error) {
	r.got("GetPet", req.PetID)
	return nil, nil
}

func (r *recorder) GetPetPhoto(_ context.Context, req *routingserver.GetPetPhotoRequest) (*routingserver.GetPetPhotoResult, error) {
	r.got("GetPetPhoto", req.PetID, req.Format)
	return nil, nil
}

func (r *recorder) GetThumbnail(_ context.Context, req *routingserver.GetThumbnailRequest) (*routingserver.GetThumbnailResult, error) {
	r.got("GetThumbnail", req.MediaID, req.Page, req.Format)
	return nil, nil
}

func (r *recorder) GetVersionInfo(_ context.Context, req *routingserver.GetVersionInfoRequest) (*routingserver.GetVersionInfoResult, error) {
	r.got("GetVersionInfo", req.Major, req.Minor)
	return nil, nil
}

func (r *recorder) ListDirs(context.Context, *routingserver.ListDirsRequest) (*routingserver.ListDirsResult, error) {
	r.got("ListDirs")
	return nil, nil
}

func (r *recorder) PutApplicationKind(_ context.Context, req *routingserver.PutApplicationKindRequest) (*routingserver.PutApplicationKindResult, error) {
	r.got("PutApplicationKind", req.ClientID, req.Kind)
	return nil, nil
}

func (r *recorder) ReadStatement(_ context.Context, req *routingserver.ReadStatementRequest) (*routingserver.ReadStatementResult, error) {
	r.got("ReadStatement", req.ID)
	return nil, nil
}

func (r *recorder) StarGist(_ context.Context, req *routingserver.StarGistRequest) (*routingserver.StarGistResult, error) {
	r.got("StarGist", req.GistID)
	return nil, nil
}

func start(t *testing.T) (*recorder, *routing.DefaultService, string) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(routingserver.NewHandler(rec))
	t.Cleanup(srv.Close)
	return rec, routing.NewClient(routing.WithBaseURL(srv.URL)).Default, srv.URL
}

// Every operation is reached through the generated client with the
// parameters it sent, whichever pattern its path shares: literal and
// parameter siblings, overlapping templates merged under one pattern,
// several parameters in a segment, literal prefixes and suffixes, trailing
// slashes, and values that need escaping or look like the literal text.
func TestClientReachesEveryOperation(t *testing.T) {
	rec, c, _ := start(t)
	ctx := context.Background()
	for _, tc := range []struct {
		call func() (*routing.Response, error)
		op   string
		args []any
	}{
		{func() (*routing.Response, error) { return c.FindPetsByStatus(ctx, "sold") }, "FindPetsByStatus", []any{"sold"}},
		{func() (*routing.Response, error) { return c.GetPet(ctx, "rex") }, "GetPet", []any{"rex"}},
		{func() (*routing.Response, error) { return c.DeletePet(ctx, "findByStatu") }, "DeletePet", []any{"findByStatu"}},
		{func() (*routing.Response, error) { return c.GetPet(ctx, "a/b c?#%") }, "GetPet", []any{"a/b c?#%"}},
		{func() (*routing.Response, error) { return c.GetPetPhoto(ctx, "rex", "png") }, "GetPetPhoto", []any{"rex", "png"}},
		{func() (*routing.Response, error) { return c.GetPetPhoto(ctx, "r/x", "tar.gz") }, "GetPetPhoto", []any{"r/x", "tar.gz"}},
		// /applications/grants/{grant_id} and /applications/{client_id}/token overlap.
		{func() (*routing.Response, error) { return c.GetGrant(ctx, 42) }, "GetGrant", []any{int64(42)}},
		{func() (*routing.Response, error) { return c.CheckToken(ctx, "grant") }, "CheckToken", []any{"grant"}},
		{func() (*routing.Response, error) { return c.CheckToken(ctx, "app 1") }, "CheckToken", []any{"app 1"}},
		{func() (*routing.Response, error) { return c.PutApplicationKind(ctx, "token", "grants") }, "PutApplicationKind", []any{"token", "grants"}},
		{func() (*routing.Response, error) { return c.PutApplicationKind(ctx, "app", "x") }, "PutApplicationKind", []any{"app", "x"}},
		{func() (*routing.Response, error) { return c.StarGist(ctx, "g1") }, "StarGist", []any{"g1"}},
		{func() (*routing.Response, error) { return c.GetGistRevision(ctx, "g1", "abc123") }, "GetGistRevision", []any{"g1", "abc123"}},
		// {page}.{format} and {page}t.{format} share a segment shape.
		{func() (*routing.Response, error) { return c.GetPage(ctx, 7, 3, "jpg") }, "GetPage", []any{int64(7), int64(3), "jpg"}},
		{func() (*routing.Response, error) { return c.GetThumbnail(ctx, 7, 3, "jpg") }, "GetThumbnail", []any{int64(7), int64(3), "jpg"}},
		{func() (*routing.Response, error) { return c.GetPage(ctx, 7, 3, "tar.gz") }, "GetPage", []any{int64(7), int64(3), "tar.gz"}},
		{func() (*routing.Response, error) { return c.ReadStatement(ctx, "s1") }, "ReadStatement", []any{"s1"}},
		{func() (*routing.Response, error) { return c.DownloadStatement(ctx, "s1") }, "DownloadStatement", []any{"s1"}},
		{func() (*routing.Response, error) { return c.DownloadStatement(ctx, "s1.pdf") }, "DownloadStatement", []any{"s1.pdf"}},
		{func() (*routing.Response, error) { return c.GetVersionInfo(ctx, 2, 10) }, "GetVersionInfo", []any{int64(2), int64(10)}},
		{func() (*routing.Response, error) { return c.ListDirs(ctx) }, "ListDirs", nil},
		{func() (*routing.Response, error) { return c.GetDir(ctx, "docs") }, "GetDir", []any{"docs"}},
		{func() (*routing.Response, error) { return c.DeleteDir(ctx, "info") }, "DeleteDir", []any{"info"}},
	} {
		rec.op, rec.args = "", nil
		resp, err := tc.call()
		if err != nil || resp.StatusCode != http.StatusNoContent {
			t.Errorf("%s%v: %v", tc.op, tc.args, err)
			continue
		}
		if rec.op != tc.op || !reflect.DeepEqual(rec.args, tc.args) {
			t.Errorf("want %s%v, server called %s%v", tc.op, tc.args, rec.op, rec.args)
		}
	}
}

// The path picks the template before the method does: where a more
// specific template matches, an operation of a less specific one is not
// reached with another method, and the client gets 405.
func TestPathBeforeMethod(t *testing.T) {
	rec, c, _ := start(t)
	ctx := context.Background()
	for name, call := range map[string]func() (*routing.Response, error){
		"DeletePet(findByStatus)":       func() (*routing.Response, error) { return c.DeletePet(ctx, "findByStatus") },
		"CheckToken(grants)":            func() (*routing.Response, error) { return c.CheckToken(ctx, "grants") },
		"PutApplicationKind(grants, x)": func() (*routing.Response, error) { return c.PutApplicationKind(ctx, "grants", "x") },
		"GetGistRevision(g, star)":      func() (*routing.Response, error) { return c.GetGistRevision(ctx, "g", "star") },
	} {
		rec.op = ""
		_, err := call()
		var apiErr *routing.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusMethodNotAllowed || rec.op != "" {
			t.Errorf("%s: %v, server called %q", name, err, rec.op)
		}
	}
}

// Raw requests: the most specific template wins (literal segments first,
// left to right; then more literal text around parameters), the method is
// chosen on that template only (405 with its Allow), and paths no template
// matches answer 404.
func TestPrecedence404And405(t *testing.T) {
	rec, _, base := start(t)
	for _, tc := range []struct {
		method, path string
		status       int
		op           string
		args         []any
		allow        string
	}{
		{"GET", "/pets/findByStatus?status=x", 204, "FindPetsByStatus", []any{"x"}, ""},
		{"HEAD", "/pets/findByStatus?status=x", 204, "FindPetsByStatus", []any{"x"}, ""},
		// The literal sibling has only GET: DELETE there is 405, not DeletePet.
		{"DELETE", "/pets/findByStatus", 405, "", nil, "GET, HEAD"},
		{"POST", "/pets/rex", 405, "", nil, "DELETE, GET, HEAD"},
		{"GET", "/pets/a%2Fb", 204, "GetPet", []any{"a/b"}, ""},
		// /applications/grants/token matches all three templates: grants/{grant_id}
		// is the most specific (literal "grants" first, left to right).
		{"GET", "/applications/grants/5", 204, "GetGrant", []any{int64(5)}, ""},
		{"POST", "/applications/grants/token", 405, "", nil, "GET, HEAD"},
		{"GET", "/applications/grants/x", 400, "", nil, ""},
		{"POST", "/applications/app/token", 204, "CheckToken", []any{"app"}, ""},
		{"GET", "/applications/app/token", 405, "", nil, "POST"},
		{"PUT", "/applications/app/kind", 204, "PutApplicationKind", []any{"app", "kind"}, ""},
		{"GET", "/gists/g/star", 405, "", nil, "PUT"},
		{"GET", "/gists/g/stars", 204, "GetGistRevision", []any{"g", "stars"}, ""},
		// Shortest-first split between parameters; more literal text wins.
		{"GET", "/galleries/1/2t.png", 204, "GetThumbnail", []any{int64(1), int64(2), "png"}, ""},
		{"GET", "/galleries/1/2.png", 204, "GetPage", []any{int64(1), int64(2), "png"}, ""},
		{"GET", "/galleries/1/2.x.png", 204, "GetPage", []any{int64(1), int64(2), "x.png"}, ""},
		// The template is chosen by the path's shape, then parameters are
		// decoded: GetThumbnail with page "2t" (and "2.") is a bad request.
		{"GET", "/galleries/1/2tt.png", 400, "", nil, ""},
		{"GET", "/galleries/1/2.t.png", 400, "", nil, ""},
		{"GET", "/galleries/1/2", 404, "", nil, ""},
		{"GET", "/galleries/1/.png", 404, "", nil, ""},
		{"GET", "/galleries/1/t.png", 400, "", nil, ""}, // GetPage with page "t"
		{"GET", "/statements/x.pdf", 204, "DownloadStatement", []any{"x"}, ""},
		{"GET", "/statements/.pdf", 204, "ReadStatement", []any{".pdf"}, ""},
		{"GET", "/statements/x.pdf.pdf", 204, "DownloadStatement", []any{"x.pdf"}, ""},
		{"POST", "/statements/x.pdf", 405, "", nil, "GET, HEAD"},
		{"GET", "/v1.2/info", 204, "GetVersionInfo", []any{int64(1), int64(2)}, ""},
		{"GET", "/v1/info", 404, "", nil, ""},
		{"GET", "/x1.2/info", 404, "", nil, ""},
		{"GET", "/dirs/", 204, "ListDirs", nil, ""},
		{"GET", "/dirs/d/", 204, "GetDir", []any{"d"}, ""},
		{"DELETE", "/dirs/d", 204, "DeleteDir", []any{"d"}, ""},
		{"GET", "/dirs/d", 405, "", nil, "DELETE"},
		{"DELETE", "/dirs/d/", 405, "", nil, "GET, HEAD"},
		{"GET", "/dirs/d/e", 404, "", nil, ""},
		{"GET", "/nope", 404, "", nil, ""},
		{"GET", "/", 404, "", nil, ""},
	} {
		rec.op, rec.args = "", nil
		req, err := http.NewRequestWithContext(context.Background(), tc.method, base+tc.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		name := tc.method + " " + tc.path
		if resp.StatusCode != tc.status || rec.op != tc.op || !reflect.DeepEqual(rec.args, tc.args) {
			t.Errorf("%s: %d %s%v, want %d %s%v", name, resp.StatusCode, rec.op, rec.args, tc.status, tc.op, tc.args)
		}
		if got := resp.Header.Get("Allow"); got != tc.allow {
			t.Errorf("%s: Allow %q, want %q", name, got, tc.allow)
		}
	}
}
