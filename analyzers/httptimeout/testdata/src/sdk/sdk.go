// Package sdk is a service's client library in the shape of the cloud
// SDKs: configured by a struct of options (nested, with an embedded part)
// or by setters on a configuration value, it sends every request itself,
// with the context each of its methods takes, through a default client
// that has no Timeout either.
package sdk

import (
	"context"
	"net/http"
)

// Doer sends a request.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// ClientOptions are the options every client of the SDK shares.
type ClientOptions struct {
	// Transport sends the requests; nil means the SDK's default.
	Transport Doer
	Retries   int
}

// BlobOptions configure a blob client.
type BlobOptions struct {
	ClientOptions
	Container string
}

// BlobClient stores blobs.
type BlobClient struct{ do Doer }

// NewBlobClient builds a BlobClient.
func NewBlobClient(url string, o *BlobOptions) (*BlobClient, error) {
	c := &BlobClient{do: &http.Client{}}
	if o != nil && o.Transport != nil {
		c.do = o.Transport
	}
	return c, nil
}

// Upload stores a blob.
func (c *BlobClient) Upload(ctx context.Context, name string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, name, nil)
	if err != nil {
		return err
	}
	resp, err := c.do.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Config configures a session.
type Config struct {
	HTTPClient *http.Client
	Region     string
}

// NewConfig returns the default configuration.
func NewConfig() *Config { return &Config{HTTPClient: http.DefaultClient} }

// WithHTTPClient sets the client requests are sent with.
func (c *Config) WithHTTPClient(hc *http.Client) *Config {
	c.HTTPClient = hc
	return c
}

// WithRegion sets the region.
func (c *Config) WithRegion(r string) *Config {
	c.Region = r
	return c
}

// Session sends requests.
type Session struct{ cfg *Config }

// NewSession starts a session.
func NewSession(c *Config) *Session { return &Session{cfg: c} }

// AuthClient is a registry client that authenticates its requests.
type AuthClient struct {
	Client *http.Client
	Cache  map[string]string
}
