package servertests

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/atriumgen/atriumgen/generated/atriumserver"
)

type smoke struct{ atriumserver.UnimplementedService }

func (smoke) ReadUser(ctx context.Context, req *atriumserver.ReadUserRequest) (*atriumserver.ReadUserResult, error) {
	return &atriumserver.ReadUserResult{Body: &atrium.UserResponseBody{User: &atrium.User{GUID: atrium.Ptr(req.UserGUID)}}}, nil
}

func TestSmoke(t *testing.T) {
	srv := httptest.NewServer(atriumserver.NewHandler(smoke{}))
	defer srv.Close()
	c := atrium.NewClient("k", "c", atrium.WithBaseURL(srv.URL))
	got, _, err := c.Users.ReadUser(context.Background(), "a/b c%")
	if err != nil || *got.User.GUID != "a/b c%" {
		t.Fatalf("%v %v", got, err)
	}
	_, _, err = c.Users.CreateUser(context.Background(), atrium.UserCreateRequestBody{})
	t.Log(err)
	_, _, err = c.Users.ListUsers(context.Background(), nil)
	t.Log(err)
}
