// Package callerctx holds the library shapes of package library, run with
// -caller-context: clients bounded only by the contexts the callers of
// exported functions pass in are reported.
package callerctx

import (
	"context"
	"net/http"
	"time"
)

// Renew attaches the caller's context.
func Renew(ctx context.Context, url string, rt http.RoundTripper) error {
	cc := &http.Client{Transport: rt} // want `http.Client built with no Timeout waits forever on a server that stops responding unless every caller of callerctx.Renew passes a context with a deadline: set Timeout`
	req, err := http.NewRequest(http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	resp, err := cc.Do(req.WithContext(ctx))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// DoRequest sends the caller's request.
func DoRequest(r *http.Request) (*http.Response, error) {
	return http.DefaultClient.Do(r) // want `http.DefaultClient has no timeout and waits forever on a server that stops responding unless every caller of callerctx.DoRequest passes a request whose context has a deadline: use an http.Client with Timeout set`
}

// Still quiet with the flag: the deadline is made here.
func Within(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// The context-less variant beside the one taking a context.
type Client struct{ hc *http.Client }

// Dial returns a client.
func Dial() *Client { return &Client{hc: new(http.Client)} } // want `http.Client built with no Timeout waits forever on a server that stops responding unless every caller of callerctx.Client.CallContext passes a context with a deadline: set Timeout`

// Call has no context.
func (c *Client) Call(url string) error { return c.CallContext(context.Background(), url) }

// CallContext sends with ctx.
func (c *Client) CallContext(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// The caller's context kept in a field.
type Blobs struct{ hc *http.Client }

// NewBlobs returns a blob store.
func NewBlobs(rt http.RoundTripper) *Blobs { return &Blobs{hc: &http.Client{Transport: rt}} } // want `http.Client built with no Timeout waits forever on a server that stops responding unless every caller of callerctx.Blobs.Create passes a context with a deadline: set Timeout`

type upload struct {
	ctx context.Context
	hc  *http.Client
}

// Create starts an upload.
func (b *Blobs) Create(ctx context.Context) *Upload { return &Upload{u: &upload{ctx: ctx, hc: b.hc}} }

// Upload is an upload in progress.
type Upload struct{ u *upload }

// Send sends one part.
func (w *Upload) Send(url string) error {
	req, err := http.NewRequestWithContext(w.u.ctx, http.MethodPatch, url, nil)
	if err != nil {
		return err
	}
	resp, err := w.u.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
