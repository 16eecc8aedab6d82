package unions_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	unions "github.com/atriumgen/atriumgen/generator/testdata/unions/want"
)

// A required oneOf/anyOf member left unset fails before sending, with a
// typed error naming the member, instead of going out as null (issue 20).
func TestUnsetRequiredUnionFailsBeforeSending(t *testing.T) {
	sent := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent++
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	client := unions.NewClient(unions.WithBaseURL(srv.URL))
	ctx := context.Background()
	var cat unions.Pet
	if err := cat.FromCat(unions.Cat{Name: "Tom"}); err != nil {
		t.Fatal(err)
	}
	var contact unions.Shape
	if err := contact.FromString("by phone"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		body  unions.Adoption
		field string
	}{
		{unions.Adoption{}, "owner.contact"},
		{unions.Adoption{Owner: unions.AdoptionOwner{Contact: contact}}, "pet"},
		{unions.Adoption{Pet: cat}, "owner.contact"},
		{unions.Adoption{Pet: cat, Owner: unions.AdoptionOwner{Contact: contact}}, ""},
	} {
		before := sent
		_, err := client.Default.Adopt(ctx, tc.body)
		var unset *unions.UnsetFieldError
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("complete body: %v", err)
		case tc.field != "" && (!errors.As(err, &unset) || unset.Field != tc.field):
			t.Errorf("missing %s: err = %v, want an UnsetFieldError naming it", tc.field, err)
		case tc.field != "" && sent != before:
			t.Errorf("missing %s: the request was sent", tc.field)
		}
	}
}
