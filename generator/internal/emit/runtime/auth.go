package sdkruntime

import (
	"errors"
	"net/http"
	"time"
)

// credential is a secret sent with every request. The value lives in a
// closure so that no formatting verb (%v, %+v, %#v) of any value holding it
// can print it.
type credential struct {
	in, name string
	value    func() string
}

func apiKeyCredential(in, name, value string) credential {
	return credential{in: in, name: name, value: func() string { return value }}
}

func bearerCredential(token string) credential {
	return credential{in: "header", name: "Authorization", value: func() string { return "Bearer " + token }}
}

// core holds what every service shares. It is immutable after NewClient, so
// a Client is safe for concurrent use.
type core struct {
	baseURL    string
	httpClient *http.Client
	userAgent  string
	header     http.Header
	creds      []credential
	run        runConfig // retries, logging (retry.go)
}

func newCore(defaultBaseURL string, creds []credential, opts []Option) *core {
	cfg := config{
		baseURL:    defaultBaseURL,
		httpClient: &http.Client{Timeout: 60 * time.Second},
		userAgent:  sdkName + "-go",
		header:     http.Header{},
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	return &core{
		baseURL:    cfg.baseURL,
		httpClient: withoutCredentialLeaks(cfg.client(), creds),
		userAgent:  cfg.userAgent,
		header:     cfg.header,
		creds:      creds,
		run:        cfg.run,
	}
}

// withoutCredentialLeaks returns a copy of hc whose redirect policy drops
// the credential headers when a redirect leaves the original host. net/http
// drops only Authorization and Cookie by itself; API-key headers would
// otherwise be sent to whatever host a redirect names.
func withoutCredentialLeaks(hc *http.Client, creds []credential) *http.Client {
	c := *hc
	next := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && req.URL.Host != via[0].URL.Host {
			for _, cr := range creds {
				if cr.in == "header" {
					req.Header.Del(cr.name)
				}
			}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &c
}
