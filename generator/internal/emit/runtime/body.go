package sdkruntime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
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
// It is sent with its length when rd tells it (readerSize: a Len method, a
// regular file), else chunked.
func (r *request) streamBody(contentType string, rd io.Reader) {
	if rd == nil {
		r.fail(fmt.Errorf("request body is a nil io.Reader"))
		return
	}
	r.stream, r.contentType, r.streamLen = rd, contentType, readerSize(rd)
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"")

var readerType = reflect.TypeFor[io.Reader]()

// FilePart is a file part of a multipart body with what its part carries
// beyond its bytes: the file name (else the reader's Name(), else the
// field name), the part's Content-Type (else the spec's encoding
// contentType, else application/octet-stream) and headers of its own (the
// spec names the ones a part may carry in the field's doc).
type FilePart struct {
	io.Reader
	Filename    string
	ContentType string
	Header      http.Header
}

// multipartBody encodes a struct as multipart/form-data, one part per field
// named by its json tag, by the body's encoding enc (OpenAPI 3.1.1):
// io.Reader fields are file parts (see FilePart); a field whose encoding
// gives a style is written as the form encoder writes it, one text part
// per key (deepObject: meta[a][0]=v); otherwise strings, numbers and
// booleans are text parts, slices repeat the part, and objects are JSON
// parts; a part's Content-Type is the encoding's contentType when given.
// Nil and omitted-empty fields are left out.
//
// A body whose file parts are all in memory (*bytes.Reader,
// *strings.Reader, *bytes.Buffer) is encoded before it is sent, so a retry
// sends it again. Any other file part (an *os.File, a network stream) makes
// the body stream: it is encoded while it is sent, in constant memory, and
// sent once. Its Content-Length is known when every such part's size is
// (a Len method, or a regular file), else it is sent chunked.
func (r *request) multipartBody(v any, enc formEncoding) {
	rv := reflect.ValueOf(v)
	// A first pass writes every part but the streamed files' bytes: it
	// checks the body before anything is sent and measures it.
	var count countWriter
	m := &partWriter{Writer: multipart.NewWriter(&count), extra: r.partHeaders, measure: true, sized: true}
	if err := writeParts(m, rv, enc); err != nil {
		r.fail(fmt.Errorf("encoding multipart body: %w", err))
		return
	}
	if err := m.Close(); err != nil {
		r.fail(fmt.Errorf("encoding multipart body: %w", err))
		return
	}
	if !m.streamed {
		var buf bytes.Buffer
		ct, err := r.writeMultipart(&buf, rv, enc, "")
		if err != nil {
			r.fail(err)
			return
		}
		r.body, r.contentType = buf.Bytes(), ct
		return
	}
	boundary := m.Boundary()
	r.stream = newPipeBody(func(dst io.Writer) error {
		_, err := r.writeMultipart(dst, rv, enc, boundary)
		return err
	})
	r.contentType = m.FormDataContentType()
	r.streamLen = -1
	if m.sized {
		r.streamLen = count.n + m.fileBytes
	}
}

// writeMultipart writes the parts of v to dst, with boundary when one is
// given, and returns the body's content type.
func (r *request) writeMultipart(dst io.Writer, v reflect.Value, enc formEncoding, boundary string) (string, error) {
	w := &partWriter{Writer: multipart.NewWriter(dst), extra: r.partHeaders}
	if boundary != "" {
		if err := w.SetBoundary(boundary); err != nil {
			return "", fmt.Errorf("encoding multipart body: %w", err)
		}
	}
	if err := writeParts(w, v, enc); err != nil {
		return "", fmt.Errorf("encoding multipart body: %w", err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("encoding multipart body: %w", err)
	}
	return w.FormDataContentType(), nil
}

// countWriter counts the bytes written to it.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// pipeBody is a request body written by write as the transport reads it.
// Nothing runs before the first Read, so a request that is never sent
// leaves nothing behind; Close (the transport's, when it is done with the
// body) stops the writer.
type pipeBody struct {
	write func(io.Writer) error
	once  sync.Once
	pr    *io.PipeReader
	pw    *io.PipeWriter
}

func newPipeBody(write func(io.Writer) error) *pipeBody {
	pr, pw := io.Pipe()
	return &pipeBody{write: write, pr: pr, pw: pw}
}

func (b *pipeBody) Read(p []byte) (int, error) {
	b.once.Do(func() { go func() { b.pw.CloseWithError(b.write(b.pw)) }() })
	return b.pr.Read(p)
}

func (b *pipeBody) Close() error { return b.pr.Close() }

// inMemory reports whether a file part's reader holds its bytes already,
// so the body can be encoded before it is sent.
func inMemory(rd io.Reader) bool {
	switch rd.(type) {
	case *bytes.Reader, *strings.Reader, *bytes.Buffer:
		return true
	}
	return false
}

// readerSize is the number of bytes rd has left, or -1 when it cannot tell:
// a Len method (bytes and strings readers), or a regular file's size past
// its offset.
func readerSize(rd io.Reader) int64 {
	if l, ok := rd.(interface{ Len() int }); ok {
		return int64(l.Len())
	}
	f, ok := rd.(*os.File)
	if !ok || f == nil {
		return -1
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return -1
	}
	off, err := f.Seek(0, io.SeekCurrent)
	if err != nil || off > fi.Size() {
		return -1
	}
	return fi.Size() - off
}

func writeParts(w *partWriter, v reflect.Value, enc formEncoding) error {
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
		e := enc[name]
		if err := writePart(w, name, fv, e); err != nil {
			return fmt.Errorf("part %q: %w", name, err)
		}
	}
	return nil
}

// partWriter writes the parts of a multipart body; extra holds the
// headers WithPartHeader adds, by part name. When measure is set, file
// parts are not read: streamed records whether one is not in memory,
// fileBytes adds up their sizes and sized stays true while every size is
// known.
type partWriter struct {
	*multipart.Writer
	extra     map[string]http.Header
	measure   bool
	streamed  bool
	sized     bool
	fileBytes int64
}

// header is the header of a part named name, with the headers
// WithPartHeader gives it.
func (w *partWriter) header(name, filename, contentType string) textproto.MIMEHeader {
	h := partHeader(name, filename, contentType)
	for k, vs := range w.extra[name] {
		if ck := textproto.CanonicalMIMEHeaderKey(k); ck != "Content-Disposition" {
			h[ck] = vs
		}
	}
	return h
}

// partHeader is the header of a part named name.
func partHeader(name, filename, contentType string) textproto.MIMEHeader {
	h := textproto.MIMEHeader{}
	cd := `form-data; name="` + quoteEscaper.Replace(name) + `"`
	if filename != "" {
		cd += `; filename="` + quoteEscaper.Replace(filename) + `"`
	}
	h.Set("Content-Disposition", cd)
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return h
}

// firstMediaType is the first of a comma-separated contentType list
// ("image/png, image/jpeg"), which a part is sent as.
func firstMediaType(ct string) string {
	return strings.TrimSpace(strings.Split(ct, ",")[0])
}

func writePart(w *partWriter, name string, v reflect.Value, e partEncoding) error {
	if v.Kind() == reflect.Interface && v.Type().Implements(readerType) {
		if v.IsNil() {
			return nil
		}
		rd := v.Interface().(io.Reader)
		filename, contentType := name, firstMediaType(e.ContentType)
		var extra http.Header
		if fp, ok := rd.(FilePart); ok {
			rd, extra = fp.Reader, fp.Header
			filename, contentType = cmpOr(fp.Filename, filename), cmpOr(fp.ContentType, contentType)
		} else if fp, ok := rd.(*FilePart); ok && fp != nil {
			rd, extra = fp.Reader, fp.Header
			filename, contentType = cmpOr(fp.Filename, filename), cmpOr(fp.ContentType, contentType)
		}
		if n, ok := rd.(interface{ Name() string }); ok && n.Name() != "" && filename == name {
			filename = filepath.Base(n.Name())
		}
		if strings.ContainsAny(contentType, "*") || contentType == "" {
			contentType = "application/octet-stream"
		}
		h := w.header(name, filename, contentType)
		for k, vs := range extra {
			if ck := textproto.CanonicalMIMEHeaderKey(k); ck != "Content-Disposition" && ck != "Content-Type" {
				h[ck] = vs
			}
		}
		if rd == nil {
			return fmt.Errorf("a nil file reader")
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			return err
		}
		if w.measure {
			// Measured, not read: the second pass reads it.
			w.streamed = w.streamed || !inMemory(rd)
			if n := readerSize(rd); n >= 0 {
				w.fileBytes += n
			} else {
				w.sized = false
			}
			return nil
		}
		_, err = io.Copy(pw, rd)
		return err
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return writePart(w, name, v.Elem(), e)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			break // []byte: JSON base64, like the JSON body
		}
		if e.Style == "" {
			for i := 0; i < v.Len(); i++ {
				if err := writePart(w, name, v.Index(i), e); err != nil {
					return err
				}
			}
			return nil
		}
	}
	if e.Style != "" {
		// OpenAPI 3.1.1: a style names one part per key.
		g, err := genericJSON(v.Interface())
		if err != nil {
			return err
		}
		var pairs formPairs
		pairs.property(name, g, e)
		for _, kv := range pairs {
			k, val, _ := strings.Cut(kv, "=")
			text, err := url.QueryUnescape(val)
			if err != nil {
				text = val
			}
			pw, err := w.CreatePart(w.header(k, "", firstMediaType(e.ContentType)))
			if err != nil {
				return err
			}
			if _, err := io.WriteString(pw, text); err != nil {
				return err
			}
		}
		return nil
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	contentType := firstMediaType(e.ContentType)
	var s string
	if json.Unmarshal(b, &s) == nil {
		return writeText(w, name, contentType, s) // strings, dates, enums: the text itself
	}
	if len(b) > 0 && (b[0] == '{' || b[0] == '[') {
		if contentType == "" {
			contentType = "application/json"
		} else if !isJSONMedia(contentType) {
			return fmt.Errorf("an object cannot be sent as %s", contentType)
		}
		return writeText(w, name, contentType, string(b))
	}
	return writeText(w, name, contentType, string(b)) // numbers and booleans
}

// writeText writes a text part; without a contentType it has no
// Content-Type header (text/plain, as a form field).
func writeText(w *partWriter, name, contentType, text string) error {
	pw, err := w.CreatePart(w.header(name, "", contentType))
	if err != nil {
		return err
	}
	_, err = io.WriteString(pw, text)
	return err
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
