package bodies_test

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oapi-codegen/runtime/types"

	"github.com/atriumgen/atriumgen/generator/testdata/bodies/want"
)

type seen struct {
	method, path, contentType string
	body                      []byte
	form                      *multipart.Form
}

func server(t *testing.T) (*bodies.Client, *seen) {
	s := &seen{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.method, s.path, s.contentType = r.Method, r.URL.Path, r.Header.Get("Content-Type")
		if strings.HasPrefix(s.contentType, "multipart/") {
			if err := r.ParseMultipartForm(1 << 20); err != nil {
				t.Errorf("multipart: %v", err)
			}
			s.form = r.MultipartForm
		} else {
			s.body, _ = io.ReadAll(r.Body)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return bodies.NewClient(bodies.WithBaseURL(srv.URL)), s
}

func TestJSONAndFormBodies(t *testing.T) {
	c, s := server(t)
	pet := bodies.NewPet{Name: "Rex & Co", Tags: []string{"a", "b"}, Age: bodies.Ptr(int64(3)), Born: &types.Date{Time: time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)}}
	if _, err := c.Default.CreatePet(context.Background(), pet); err != nil {
		t.Fatal(err)
	}
	if s.contentType != "application/json" || string(s.body) != `{"age":3,"born":"2020-01-02","name":"Rex \u0026 Co","tags":["a","b"]}` {
		t.Errorf("JSON body %s %s", s.contentType, s.body)
	}
	if _, err := c.Default.CreatePetWithForm(context.Background(), pet); err != nil {
		t.Fatal(err)
	}
	if s.contentType != "application/x-www-form-urlencoded" {
		t.Errorf("form content type %q", s.contentType)
	}
	got, err := url.ParseQuery(string(s.body))
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"name": {"Rex & Co"}, "tags": {"a", "b"}, "age": {"3"}, "born": {"2020-01-02"}}
	if got.Encode() != want.Encode() {
		t.Errorf("form = %v, want %v", got, want)
	}
}

type namedReader struct {
	io.Reader
	name string
}

func (n namedReader) Name() string { return n.name }

func TestMultipartBody(t *testing.T) {
	c, s := server(t)
	body := bodies.UploadPhotoRequest{
		Photo:      namedReader{strings.NewReader("PNG..."), "/tmp/rex.png"},
		Thumbnails: []io.Reader{strings.NewReader("t1"), strings.NewReader("t2")},
		Caption:    bodies.Ptr("Rex"),
		Rating:     bodies.Ptr(int64(5)),
		Meta:       &bodies.UploadPhotoRequestMeta{Camera: bodies.Ptr("X")},
	}
	if _, err := c.Default.UploadPhoto(context.Background(), 7, body); err != nil {
		t.Fatal(err)
	}
	if mt, _, _ := mime.ParseMediaType(s.contentType); mt != "multipart/form-data" || s.path != "/pets/7/photo" {
		t.Fatalf("%s %s", s.contentType, s.path)
	}
	f := s.form
	if f.Value["caption"][0] != "Rex" || f.Value["rating"][0] != "5" || f.Value["meta"][0] != `{"camera":"X"}` {
		t.Errorf("values %v", f.Value)
	}
	if _, ok := f.Value["takenOn"]; ok {
		t.Error("nil takenOn sent")
	}
	photo := f.File["photo"]
	if len(photo) != 1 || photo[0].Filename != "rex.png" {
		t.Fatalf("photo parts %v", photo)
	}
	rd, _ := photo[0].Open()
	data, _ := io.ReadAll(rd)
	if string(data) != "PNG..." {
		t.Errorf("photo = %q", data)
	}
	if th := f.File["thumbnails"]; len(th) != 2 || th[1].Filename != "thumbnails" {
		t.Errorf("thumbnails %v", th)
	}
}

func TestStreamAndTextBodies(t *testing.T) {
	c, s := server(t)
	if _, err := c.Default.PutRaw(context.Background(), 1, strings.NewReader("\x00\x01raw")); err != nil {
		t.Fatal(err)
	}
	if s.contentType != "application/octet-stream" || string(s.body) != "\x00\x01raw" {
		t.Errorf("raw: %s %q", s.contentType, s.body)
	}
	if _, err := c.Default.AddNote(context.Background(), "hello\nworld"); err != nil {
		t.Fatal(err)
	}
	if s.contentType != "text/plain" || string(s.body) != "hello\nworld" {
		t.Errorf("text: %s %q", s.contentType, s.body)
	}
}
