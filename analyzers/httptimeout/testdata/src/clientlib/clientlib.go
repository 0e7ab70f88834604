// Package clientlib is a helper package whose exported functions bound,
// or do not bound, what they are handed: its facts carry that to callers.
package clientlib

import (
	"context"
	"net/http"
	"time"
)

// Fetch sends with the caller's context.
func Fetch(ctx context.Context, c *http.Client, url string) error { // want Fetch:`clients: 1=deps\[0\]`
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// FetchWithin sends with a deadline of its own.
func FetchWithin(c *http.Client, url string, d time.Duration) error { // want FetchWithin:`clients: 0=bounded`
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return Fetch(ctx, c, url)
}

// Configure gives the client a default timeout.
func Configure(c *http.Client) { // want Configure:`clients: 0=deps\+timeout`
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
}

// Send sends with no context: no fact.
func Send(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Harden sets the server's header timeout.
func Harden(s *http.Server) { // want Harden:`servers: \[0\]`
	s.ReadHeaderTimeout = 10 * time.Second
}

// NewTransport bounds the wait for response headers.
func NewTransport() *http.Transport { // want NewTransport:`transport`
	return &http.Transport{ResponseHeaderTimeout: 10 * time.Second}
}

// PlainTransport does not.
func PlainTransport() *http.Transport { return &http.Transport{} }

// WrappedTransport is the package's own round-tripper.
type WrappedTransport struct {
	*http.Transport
	agent string
}

// RoundTrip sends r.
func (t *WrappedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return t.Transport.RoundTrip(r)
}

func wrap(t *http.Transport) *WrappedTransport { return &WrappedTransport{Transport: t, agent: "lib"} }

// NewWrappedTransport bounds the wait for response headers, on the
// transport it wraps.
func NewWrappedTransport() *WrappedTransport { // want NewWrappedTransport:`transport`
	t := new(http.Transport)
	t.ResponseHeaderTimeout = time.Minute
	return wrap(t)
}

// NewPlainWrapped does not.
func NewPlainWrapped() *WrappedTransport { return wrap(new(http.Transport)) }
