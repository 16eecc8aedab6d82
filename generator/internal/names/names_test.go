package names

import "testing"

func TestPascal(t *testing.T) {
	for in, want := range map[string]string{
		"user_guid":               "UserGUID",
		"ReadOAuthWindowURI":      "ReadOAuthWindowURI",
		"ListMemberMFAChallenges": "ListMemberMFAChallenges",
		"DownloadStatementPdf":    "DownloadStatementPDF",
		"CONNECTED":               "Connected",
		"IMAGE_OPTIONS":           "ImageOptions",
		"connect_widget_url":      "ConnectWidgetURL",
		"is_oauth":                "IsOauth",
		"apr":                     "Apr",
		"api-key":                 "APIKey",
		"http_status":             "HTTPStatus",
		"json":                    "JSON",
		"URIList":                 "URIList",
		"v1_items":                "V1Items",
		"":                        "",
	} {
		if got := Pascal(in); got != want {
			t.Errorf("Pascal(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCamelAndExported(t *testing.T) {
	for in, want := range map[string]string{
		"user_guid": "userGUID",
		"GUID":      "guid",
		"type":      "typ",
		"page":      "page",
		"URLPath":   "urlPath",
		"2fa":       "n2fa",
		"range":     "rng",
		"params":    "params_",
	} {
		if got := Camel(in); got != want {
			t.Errorf("Camel(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Exported("2fa", "X"); got != "N2fa" {
		t.Errorf("Exported(2fa) = %q", got)
	}
	if got := Exported("---", "Fallback"); got != "Fallback" {
		t.Errorf("Exported(---) = %q", got)
	}
}

func TestUnique(t *testing.T) {
	u := NewUnique("Client")
	for _, want := range []string{"Client2", "Client3"} {
		if got := u.Take("Client"); got != want {
			t.Errorf("Take = %q, want %q", got, want)
		}
	}
	if got := u.Take("Member"); got != "Member" {
		t.Errorf("Take(Member) = %q", got)
	}
}
