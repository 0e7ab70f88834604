// Package handoff hands its clients to another package's configuration:
// that package sends the requests, with the contexts its API takes, and
// owns their deadlines.
package handoff

import (
	"crypto/tls"
	"net/http"
	"sync"
	"sync/atomic"

	"sdk"
)

// Negatives.

// A field of the SDK's options, promoted from an embedded part, set when
// certificate checks are skipped (the SDK's own default has no Timeout).
func newBlobClient(url string, skipVerify bool) (*sdk.BlobClient, error) {
	opts := &sdk.BlobOptions{Container: "layers"}
	opts.Retries = 3
	if skipVerify {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
		opts.Transport = &http.Client{
			Transport: tr,
		}
	}
	return sdk.NewBlobClient(url, opts)
}

// The same, in the options literal.
func newBlobClientLiteral(url string, tr http.RoundTripper) (*sdk.BlobClient, error) {
	return sdk.NewBlobClient(url, &sdk.BlobOptions{
		ClientOptions: sdk.ClientOptions{Transport: &http.Client{Transport: tr}},
	})
}

// A setter of the SDK's configuration, its result unused.
func newSession(region string, tr *http.Transport) *sdk.Session {
	cfg := sdk.NewConfig()
	cfg.WithRegion(region)
	cfg.WithHTTPClient(&http.Client{Transport: tr})
	return sdk.NewSession(cfg)
}

// A field of a registry client's literal.
type pluginRoundTripper struct{ base http.RoundTripper }

func (p *pluginRoundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	return p.base.RoundTrip(r)
}

func newRegistryClient(base http.RoundTripper) *sdk.AuthClient {
	return &sdk.AuthClient{
		Client: &http.Client{Transport: &pluginRoundTripper{base: base}},
		Cache:  map[string]string{},
	}
}

// Positives: the standard library's containers only store the client,
// which this package then uses with no deadline.

var current atomic.Pointer[http.Client]

func install() {
	current.Store(&http.Client{}) // want `http.Client built with no Timeout`
}

func fetch(url string) error {
	resp, err := current.Load().Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

var clients sync.Map

func register(host string) {
	clients.Store(host, &http.Client{}) // want `http.Client built with no Timeout`
}
