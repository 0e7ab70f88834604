// Package client stands for the Docker engine's API client: built from an
// *http.Client by options, with streaming methods.
package client

import (
	"context"
	"io"
	"net/http"
)

// Client is the API client.
type Client struct{ hc *http.Client }

// Opt configures a Client.
type Opt func(*Client) error

// WithHTTPClient sets the client requests are sent with.
func WithHTTPClient(c *http.Client) Opt {
	return func(cl *Client) error {
		cl.hc = c
		return nil
	}
}

// NewClientWithOpts builds a Client.
func NewClientWithOpts(opts ...Opt) (*Client, error) {
	c := &Client{hc: http.DefaultClient}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *Client) get(ctx context.Context, path string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://docker"+path, nil)
	if err != nil {
		return nil, err
	}
	return c.hc.Do(req)
}

// ContainerList lists the containers.
func (c *Client) ContainerList(ctx context.Context) ([]string, error) {
	resp, err := c.get(ctx, "/containers/json")
	if err != nil {
		return nil, err
	}
	return nil, resp.Body.Close()
}

// ContainerLogs streams a container's logs.
func (c *Client) ContainerLogs(ctx context.Context, id string) (io.ReadCloser, error) {
	resp, err := c.get(ctx, "/containers/"+id+"/logs")
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}
