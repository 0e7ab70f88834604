// Package client is an API client built from an *http.Client, configured
// by options and by a builder, in the shape of a container engine's
// client library.
package client

import (
	"context"
	"io"
	"net/http"
	"time"
)

// Client is the API client.
type Client struct {
	hc      *http.Client
	host    string
	timeout time.Duration
}

// Opt configures a Client.
type Opt func(*Client) error

// WithHTTPClient sets the client requests are sent with.
func WithHTTPClient(c *http.Client) Opt {
	return func(cl *Client) error {
		if c != nil {
			cl.hc = c
		}
		return nil
	}
}

// WithTimeout sets the overall timeout of every request, on the client
// given by WithHTTPClient when it comes first.
func WithTimeout(d time.Duration) Opt {
	return func(cl *Client) error {
		cl.hc.Timeout = d
		return nil
	}
}

// WithIdleTimeout sets how long idle connections are kept.
func WithIdleTimeout(d time.Duration) Opt {
	return func(cl *Client) error { return nil }
}

// WithHost sets the daemon's address.
func WithHost(h string) Opt {
	return func(cl *Client) error {
		cl.host = h
		return nil
	}
}

// New builds a Client.
func New(opts ...Opt) (*Client, error) {
	c := &Client{hc: http.DefaultClient}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// NewClientWithOpts is New.
func NewClientWithOpts(opts ...Opt) (*Client, error) { return New(opts...) }

func (c *Client) get(ctx context.Context, path string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.host+path, nil)
	if err != nil {
		return nil, err
	}
	return c.hc.Do(req)
}

// Info asks the daemon about itself.
func (c *Client) Info(ctx context.Context) (string, error) {
	resp, err := c.get(ctx, "/info")
	if err != nil {
		return "", err
	}
	return resp.Status, resp.Body.Close()
}

// ContainerLogs streams a container's logs.
func (c *Client) ContainerLogs(ctx context.Context, id string) (io.ReadCloser, error) {
	resp, err := c.get(ctx, "/containers/"+id+"/logs")
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// Ping sends a request with no context.
func (c *Client) Ping(url string) error {
	resp, err := c.hc.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// ClientVersion sends nothing.
func (c *Client) ClientVersion() string { return "1.0" }

// Close sends nothing.
func (c *Client) Close() error { return nil }

// Builder builds a Client step by step.
type Builder struct{ c *Client }

// NewBuilder starts a Builder.
func NewBuilder() *Builder { return &Builder{c: &Client{}} }

// WithHTTPClient sets the client requests are sent with.
func (b *Builder) WithHTTPClient(c *http.Client) *Builder {
	b.c.hc = c
	return b
}

// WithTimeout sets the overall timeout.
func (b *Builder) WithTimeout(d time.Duration) *Builder {
	b.c.timeout = d
	return b
}

// Build returns the Client.
func (b *Builder) Build() *Client { return b.c }
