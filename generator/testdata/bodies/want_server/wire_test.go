package bodiesserver_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oapi-codegen/runtime/types"

	bodies "github.com/atriumgen/atriumgen/generator/testdata/bodies/want"
	bodiesserver "github.com/atriumgen/atriumgen/generator/testdata/bodies/want_server"
)

// recorder is a Service keeping what each method received, with the
// uploaded files read while the call lasts.
type recorder struct {
	bodiesserver.UnimplementedService
	op     string
	pet    *bodies.NewPet
	note   string
	raw    []byte
	id     int64
	photo  *bodies.UploadPhotoRequest
	files  []string // contents: photo, then thumbnails
	names  []string // file names
	rawNil bool
}

func (r *recorder) AddNote(_ context.Context, req *bodiesserver.AddNoteRequest) (*bodiesserver.AddNoteResult, error) {
	r.op, r.note = "AddNote", req.Body
	return nil, nil
}

func (r *recorder) CreatePet(_ context.Context, req *bodiesserver.CreatePetRequest) (*bodiesserver.CreatePetResult, error) {
	r.op, r.pet = "CreatePet", req.Body
	return nil, nil
}

func (r *recorder) CreatePetWithForm(_ context.Context, req *bodiesserver.CreatePetWithFormRequest) (*bodiesserver.CreatePetWithFormResult, error) {
	r.op, r.pet = "CreatePetWithForm", req.Body
	return nil, nil
}

func (r *recorder) PutRaw(_ context.Context, req *bodiesserver.PutRawRequest) (*bodiesserver.PutRawResult, error) {
	r.op, r.id, r.rawNil = "PutRaw", req.ID, req.Body == nil
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		r.raw = b
	}
	return nil, nil
}

func (r *recorder) UploadPhoto(_ context.Context, req *bodiesserver.UploadPhotoRequest) (*bodiesserver.UploadPhotoResult, error) {
	r.op, r.id, r.photo = "UploadPhoto", req.ID, req.Body
	for _, rd := range append([]io.Reader{req.Body.Photo}, req.Body.Thumbnails...) {
		b, err := io.ReadAll(rd)
		if err != nil {
			return nil, err
		}
		r.files = append(r.files, string(b))
		if n, ok := rd.(interface{ Name() string }); ok {
			r.names = append(r.names, n.Name())
		}
	}
	return nil, nil
}

func start(t *testing.T) (*recorder, *bodies.Client, string) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(bodiesserver.NewHandler(rec))
	t.Cleanup(srv.Close)
	return rec, bodies.NewClient(bodies.WithBaseURL(srv.URL)), srv.URL
}

func date(s string) *types.Date {
	tm, _ := time.Parse("2006-01-02", s)
	return &types.Date{Time: tm}
}

// JSON and form bodies of the same operation share POST /pets; the server
// tells them apart by Content-Type and decodes both into the same NewPet.
func TestJSONAndFormShareARoute(t *testing.T) {
	rec, c, _ := start(t)
	age := int64(3)
	pet := bodies.NewPet{Name: "Rex & co", Tags: []string{"a b", "c=d"}, Age: &age, Born: date("2020-02-29")}
	for _, tc := range []struct {
		op   string
		call func() (*bodies.Response, error)
	}{
		{"CreatePet", func() (*bodies.Response, error) { return c.Default.CreatePet(context.Background(), pet) }},
		{"CreatePetWithForm", func() (*bodies.Response, error) { return c.Default.CreatePetWithForm(context.Background(), pet) }},
	} {
		rec.pet = nil
		resp, err := tc.call()
		if err != nil || resp.StatusCode != 204 {
			t.Fatalf("%s: %v", tc.op, err)
		}
		if rec.op != tc.op || rec.pet == nil || !reflect.DeepEqual(*rec.pet, pet) {
			t.Errorf("%s: server called %s with %+v, want %+v", tc.op, rec.op, rec.pet, pet)
		}
	}
	// Optional fields absent from the form stay nil.
	if _, err := c.Default.CreatePetWithForm(context.Background(), bodies.NewPet{Name: "n"}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*rec.pet, bodies.NewPet{Name: "n"}) {
		t.Errorf("sparse form: %+v", rec.pet)
	}
}

func post(t *testing.T, target, contentType, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), "POST", target, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// A Content-Type no operation of the route takes answers 415 naming the
// accepted types; bad form values answer 400 naming the field.
func TestMediaTypeDispatch(t *testing.T) {
	rec, _, base := start(t)
	status, body := post(t, base+"/pets", "text/plain", "name=x")
	if status != http.StatusUnsupportedMediaType || !strings.Contains(body, `want one of application/json, application/x-www-form-urlencoded`) {
		t.Errorf("text/plain on /pets: %d %s", status, body)
	}
	status, body = post(t, base+"/notes", "application/json", `"x"`)
	if status != http.StatusUnsupportedMediaType || !strings.Contains(body, `want text/plain`) {
		t.Errorf("JSON on /notes: %d %s", status, body)
	}
	for form, want := range map[string]string{
		"age=3":              `body: missing required field \"name\"`,
		"name=x&age=three":   `body: field \"age\": cannot use \"three\" as int64`,
		"name=x&born=sunday": `body: field \"born\"`,
	} {
		rec.op = ""
		status, body := post(t, base+"/pets", "application/x-www-form-urlencoded", form)
		if status != 400 || !strings.Contains(body, want) || rec.op != "" {
			t.Errorf("%s: %d %s (called %q), want 400 with %s", form, status, body, rec.op, want)
		}
	}
	// A JSON +json variant and a charset still reach the JSON operation.
	status, body = post(t, base+"/pets", "application/vnd.pet+json; charset=utf-8", `{"name":"j"}`)
	if status != 204 || rec.op != "CreatePet" || rec.pet.Name != "j" {
		t.Errorf("+json: %d %s %s", status, body, rec.op)
	}
	status, body = post(t, base+"/pets", "application/x-www-form-urlencoded; charset=utf-8", `name=f&tags=1&tags=2`)
	if status != 204 || rec.op != "CreatePetWithForm" || rec.pet.Name != "f" || !reflect.DeepEqual(rec.pet.Tags, []string{"1", "2"}) {
		t.Errorf("form: %d %s %s %+v", status, body, rec.op, rec.pet)
	}
	// No Content-Type: the spec's first media type (JSON).
	status, _ = post(t, base+"/pets", "", `{"name":"none"}`)
	if status != 204 || rec.op != "CreatePet" || rec.pet.Name != "none" {
		t.Errorf("no Content-Type: %d %s", status, rec.op)
	}
}

type namedReader struct {
	io.Reader
	name string
}

func (n namedReader) Name() string { return n.name }

// Multipart: files arrive as readers with their names, the other parts
// typed (date, integer, JSON object).
func TestMultipart(t *testing.T) {
	rec, c, base := start(t)
	rating := int64(5)
	caption := "on the beach"
	camera := "X100"
	in := bodies.UploadPhotoRequest{
		Photo:      namedReader{strings.NewReader("JPEG main"), "/tmp/main.jpg"},
		Thumbnails: []io.Reader{strings.NewReader("small"), bytes.NewReader([]byte{0, 1, 2, 255})},
		Caption:    &caption,
		Rating:     &rating,
		TakenOn:    date("2024-07-01"),
		Meta:       &bodies.UploadPhotoRequestMeta{Camera: &camera},
	}
	resp, err := c.Default.UploadPhoto(context.Background(), 42, in)
	if err != nil || resp.StatusCode != 204 {
		t.Fatal(err)
	}
	got := rec.photo
	if rec.op != "UploadPhoto" || rec.id != 42 || got == nil {
		t.Fatalf("server got %s %d %+v", rec.op, rec.id, got)
	}
	if *got.Caption != caption || *got.Rating != 5 || got.TakenOn.String() != "2024-07-01" || *got.Meta.Camera != camera {
		t.Errorf("fields: %+v meta %+v", got, got.Meta)
	}
	if !reflect.DeepEqual(rec.files, []string{"JPEG main", "small", "\x00\x01\x02\xff"}) {
		t.Errorf("files %q", rec.files)
	}
	if !reflect.DeepEqual(rec.names, []string{"main.jpg", "thumbnails", "thumbnails"}) {
		t.Errorf("file names %q", rec.names)
	}
	// Only the required file.
	rec.files = nil
	if _, err := c.Default.UploadPhoto(context.Background(), 1, bodies.UploadPhotoRequest{Photo: strings.NewReader("p")}); err != nil {
		t.Fatal(err)
	}
	if rec.photo.Caption != nil || rec.photo.Thumbnails != nil || !reflect.DeepEqual(rec.files, []string{"p"}) {
		t.Errorf("sparse: %+v %q", rec.photo, rec.files)
	}
	// A file larger than the in-memory bound waits in a temporary file.
	big := bytes.Repeat([]byte("0123456789abcdef"), 600<<10) // 9.4 MiB
	rec.files = nil
	if _, err := c.Default.UploadPhoto(context.Background(), 2, bodies.UploadPhotoRequest{Photo: bytes.NewReader(big), Caption: &caption}); err != nil {
		t.Fatal(err)
	}
	if len(rec.files) != 1 || rec.files[0] != string(big) || *rec.photo.Caption != caption {
		t.Errorf("big file: %d files", len(rec.files))
	}
	// The required file missing: 400, the Service not called.
	rec.op = ""
	_, err = c.Default.UploadPhoto(context.Background(), 1, bodies.UploadPhotoRequest{Caption: &caption})
	var apiErr *bodies.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || !strings.Contains(apiErr.Error(), `missing required field \"photo\"`) || rec.op != "" {
		t.Errorf("no photo: %v (called %q)", err, rec.op)
	}
	// A bad integer part names the field.
	status, body := put(t, base+"/pets/1/photo", "multipart/form-data; boundary=B",
		"--B\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p\"\r\n\r\nx\r\n--B\r\nContent-Disposition: form-data; name=\"rating\"\r\n\r\nfive\r\n--B--\r\n")
	if status != 400 || !strings.Contains(body, `field \"rating\"`) {
		t.Errorf("bad rating: %d %s", status, body)
	}
}

func put(t *testing.T, target, contentType, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), "PUT", target, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Octet-stream bodies reach the Service as a stream; text bodies as a string.
func TestStreamAndText(t *testing.T) {
	rec, c, _ := start(t)
	payload := bytes.Repeat([]byte{0, 'a', 0xff}, 100000)
	// A reader of unknown length: sent chunked.
	if _, err := c.Default.PutRaw(context.Background(), 7, io.MultiReader(bytes.NewReader(payload))); err != nil {
		t.Fatal(err)
	}
	if rec.op != "PutRaw" || rec.id != 7 || !bytes.Equal(rec.raw, payload) {
		t.Errorf("raw: %s %d %d bytes", rec.op, rec.id, len(rec.raw))
	}
	note := "line 1\nüñí ✓\n"
	if _, err := c.Default.AddNote(context.Background(), note); err != nil {
		t.Fatal(err)
	}
	if rec.op != "AddNote" || rec.note != note {
		t.Errorf("note %q", rec.note)
	}
	// The required text body missing: 400.
	_, err := c.Default.AddNote(context.Background(), "")
	var apiErr *bodies.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Errorf("empty note: %v", err)
	}
}
