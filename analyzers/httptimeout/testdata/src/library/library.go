// Package library holds clients whose requests carry the context the
// caller of an exported function passes in: quiet by default, reported
// with -caller-context (see package callerctx, the same shapes).
package library

import (
	"bytes"
	"context"
	"net/http"
)

// An exported function attaching the caller's context (a lease renewal
// sent to the leader).
func Renew(ctx context.Context, url string, rt http.RoundTripper) error {
	cc := &http.Client{
		Transport: rt,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(nil))
	if err != nil {
		return err
	}
	req = req.WithContext(ctx)
	resp, err := cc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// A request taken from the caller, sent through http.DefaultClient by an
// unexported method called through an unexported interface, after
// interceptors and a tracer's span (an HTTP service helper).
type doer interface {
	do(r *http.Request) (*http.Response, error)
}

type defaultDoer struct{}

func (defaultDoer) do(r *http.Request) (*http.Response, error) {
	return http.DefaultClient.Do(r)
}

type interceptor func(r *http.Request) (*http.Request, func(*http.Response, error))

var interceptors []interceptor

func startSpan(ctx context.Context, name string) (context.Context, func()) { return ctx, func() {} }

// DoRequest sends the caller's request.
func DoRequest(r *http.Request) (*http.Response, error) {
	return request(r, defaultDoer{})
}

// Do builds the request with the caller's context.
func Do(ctx context.Context, method, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, nil)
	if err != nil {
		return nil, err
	}
	return DoRequest(req)
}

func request(r *http.Request, cli doer) (*http.Response, error) {
	ctx := r.Context()
	ctx, end := startSpan(ctx, r.URL.Path)
	defer end()
	for _, ic := range interceptors {
		var h func(*http.Response, error)
		r, h = ic(r)
		_ = h
	}
	r = r.WithContext(ctx)
	return cli.do(r)
}

// Service sends requests to one remote service.
type Service interface {
	DoRequest(r *http.Request) (*http.Response, error)
}

type named struct {
	cli  *http.Client
	opts []func(*http.Request) *http.Request
}

// NewService uses http.DefaultClient.
func NewService() Service { return NewServiceWithClient(http.DefaultClient) }

// NewServiceWithClient uses cli.
func NewServiceWithClient(cli *http.Client) Service { return named{cli: cli} } // want NewServiceWithClient:"clients: 0=caller"

func (s named) DoRequest(r *http.Request) (*http.Response, error) { return request(r, s) }

func (s named) do(r *http.Request) (*http.Response, error) {
	for _, opt := range s.opts {
		r = opt(r)
	}
	return s.cli.Do(r)
}

// The package offers a context-less variant beside the function taking
// the context (Call beside CallContext, BatchCall beside
// BatchCallContext): it passes context.Background(), but its callers chose
// it over the variant, and so decide.
type Client struct{ hc *http.Client }

// Dial returns a client.
func Dial() *Client { return &Client{hc: new(http.Client)} }

// Call has no context.
func (c *Client) Call(url string) error {
	ctx := context.Background()
	return c.CallContext(ctx, url)
}

// CallContext sends with ctx.
func (c *Client) CallContext(ctx context.Context, url string) error {
	return c.send(ctx, url)
}

// BatchCall has no context.
func (c *Client) BatchCall(urls []string) error {
	return c.BatchCallContext(context.Background(), urls)
}

// BatchCallContext sends with ctx.
func (c *Client) BatchCallContext(ctx context.Context, urls []string) error {
	for _, u := range urls {
		if err := c.send(ctx, u); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) send(ctx context.Context, url string) error {
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

// The caller's context kept in a field of an upload and used by its
// methods (an upload to a registry, written in parts).
type Blobs struct{ hc *http.Client }

// NewBlobs returns a blob store.
func NewBlobs(rt http.RoundTripper) *Blobs { return &Blobs{hc: &http.Client{Transport: rt}} }

type upload struct {
	ctx context.Context
	hc  *http.Client
	url string
}

// Create starts an upload.
func (b *Blobs) Create(ctx context.Context, url string) *Upload {
	return &Upload{u: &upload{ctx: ctx, hc: b.hc, url: url}}
}

// Upload is an upload in progress.
type Upload struct{ u *upload }

// Write sends one part.
func (w *Upload) Write(p []byte) (int, error) {
	req, err := http.NewRequestWithContext(w.u.ctx, http.MethodPatch, w.u.url, bytes.NewReader(p))
	if err != nil {
		return 0, err
	}
	resp, err := w.u.hc.Do(req)
	if err != nil {
		return 0, err
	}
	return len(p), resp.Body.Close()
}

// Positives.

// The package itself calls the exported function with
// context.Background(), from a function that is not its context-less
// variant: nobody outside chose it.
type Pinger struct{ hc *http.Client }

// NewPinger returns a pinger.
func NewPinger() *Pinger { return &Pinger{hc: new(http.Client)} } // want `http.Client built with no Timeout waits forever on a server that stops responding \(the request at library.go:\d+ has no deadline\): set Timeout`

// Start pings in the background.
func (p *Pinger) Start(url string) { go p.PingContext(context.Background(), url) }

// PingContext sends with ctx.
func (p *Pinger) PingContext(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, url, nil)
	if err != nil {
		return err
	}
	resp, err := p.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// A variant pair where the variant takes a context but the context-less
// function also takes a request's: it is not a convenience wrapper.
type Relay struct{ hc *http.Client }

// NewRelay returns a relay.
func NewRelay() *Relay { return &Relay{hc: new(http.Client)} } // want `http.Client built with no Timeout`

// Forward sends r's body on, with no deadline of its own.
func (f *Relay) Forward(r *http.Request, url string) error {
	return f.ForwardContext(context.Background(), url)
}

// ForwardContext sends with ctx.
func (f *Relay) ForwardContext(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	resp, err := f.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
