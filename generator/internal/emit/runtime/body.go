package sdkruntime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"path/filepath"
	"reflect"
	"strings"
)

// formBody encodes v (a struct or map with JSON names) as
// application/x-www-form-urlencoded by the body's encoding (see
// encodeForm). A nil body is sent empty, with its media type.
func (r *request) formBody(contentType string, v any, enc formEncoding) {
	b, err := encodeForm(v, enc)
	if err != nil {
		r.fail(fmt.Errorf("encoding request body: %w", err))
		return
	}
	r.body, r.contentType = b, contentType
}

// textBody sends s as it is.
func (r *request) textBody(contentType, s string) {
	r.body, r.contentType = []byte(s), contentType
}

// streamBody sends what rd yields, streamed; such a request is sent once.
func (r *request) streamBody(contentType string, rd io.Reader) {
	if rd == nil {
		r.fail(fmt.Errorf("request body is a nil io.Reader"))
		return
	}
	r.stream, r.contentType = rd, contentType
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"")

var readerType = reflect.TypeFor[io.Reader]()

// multipartBody encodes a struct as multipart/form-data, one part per field
// named by its json tag: io.Reader fields are file parts (the file name is
// the reader's Name() when it has one, e.g. *os.File, else the field name);
// strings, numbers and booleans are text parts; slices repeat the part;
// other values are JSON parts. Nil and omitted-empty fields are left out.
func (r *request) multipartBody(v any) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := writeParts(w, reflect.ValueOf(v)); err != nil {
		r.fail(fmt.Errorf("encoding multipart body: %w", err))
		return
	}
	if err := w.Close(); err != nil {
		r.fail(fmt.Errorf("encoding multipart body: %w", err))
		return
	}
	r.body, r.contentType = buf.Bytes(), w.FormDataContentType()
}

func writeParts(w *multipart.Writer, v reflect.Value) error {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return fmt.Errorf("body must be a struct, not %s", v.Type())
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if !sf.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		fv := v.Field(i)
		if (strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")) && fv.IsZero() {
			continue
		}
		if err := writePart(w, name, fv); err != nil {
			return fmt.Errorf("part %q: %w", name, err)
		}
	}
	return nil
}

func writePart(w *multipart.Writer, name string, v reflect.Value) error {
	if v.Kind() == reflect.Interface && v.Type().Implements(readerType) {
		if v.IsNil() {
			return nil
		}
		rd := v.Interface().(io.Reader)
		filename := name
		if n, ok := rd.(interface{ Name() string }); ok && n.Name() != "" {
			filename = filepath.Base(n.Name())
		}
		pw, err := w.CreateFormFile(name, filename)
		if err != nil {
			return err
		}
		_, err = io.Copy(pw, rd)
		return err
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return writePart(w, name, v.Elem())
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			break // []byte: JSON base64, like the JSON body
		}
		for i := 0; i < v.Len(); i++ {
			if err := writePart(w, name, v.Index(i)); err != nil {
				return err
			}
		}
		return nil
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		return w.WriteField(name, s) // strings, dates, enums: the text itself
	}
	if len(b) > 0 && (b[0] == '{' || b[0] == '[') {
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{`form-data; name="` + quoteEscaper.Replace(name) + `"`}
		h["Content-Type"] = []string{"application/json"}
		pw, err := w.CreatePart(h)
		if err != nil {
			return err
		}
		_, err = pw.Write(b)
		return err
	}
	return w.WriteField(name, string(b)) // numbers and booleans
}
