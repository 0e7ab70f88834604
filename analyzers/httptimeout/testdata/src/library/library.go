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

// Positive: the package itself calls the exported function with
// context.Background() (a Call beside CallContext).
type Client struct{ hc *http.Client }

// Dial returns a client.
func Dial() *Client { return &Client{hc: new(http.Client)} } // want `http.Client built with no Timeout waits forever on a server that stops responding \(the request at library.go:\d+ has no deadline\): set Timeout`

// Call has no context.
func (c *Client) Call(url string) error { return c.CallContext(context.Background(), url) }

// CallContext sends with ctx.
func (c *Client) CallContext(ctx context.Context, url string) error {
	return c.send(ctx, url)
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
