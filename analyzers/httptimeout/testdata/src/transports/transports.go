// Package transports holds clients with no Timeout whose transport bounds
// the wait for response headers, set where the client literal does not
// show it.
package transports

import (
	"crypto/tls"
	"net"
	"net/http"
	"time"
)

// Negatives.

// A helper of the package builds the transport (dial and handshake
// timeouts, and the response header timeout).
func newTransport(cfg *tls.Config) *http.Transport {
	return &http.Transport{
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		TLSClientConfig:       cfg,
	}
}

func viaHelper(cfg *tls.Config) *http.Client {
	return &http.Client{Transport: newTransport(cfg)}
}

// ... held in a variable.
func viaHelperVar(cfg *tls.Config) *http.Client {
	tr := newTransport(cfg)
	return &http.Client{Transport: tr}
}

// The field is set on a cloned transport.
func viaClone() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = time.Minute
	return &http.Client{Transport: tr}
}

// The package's own round-tripper embeds the transport it is given, by a
// helper wrapping the transport its caller built (a file-sync tool's
// transport, with an IO timeout as ResponseHeaderTimeout).
type Transport struct {
	*http.Transport
	userAgent string
}

func (t *Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	r.Header.Set("User-Agent", t.userAgent)
	return t.Transport.RoundTrip(r)
}

func wrap(t *http.Transport, agent string) *Transport {
	return &Transport{Transport: t, userAgent: agent}
}

func newTransportCustom(customize func(*http.Transport)) *Transport {
	t := new(http.Transport)
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 5 * time.Minute
	if customize != nil {
		customize(t)
	}
	return wrap(t, "tool/1.0")
}

func newClientCustom(customize func(*http.Transport)) *http.Client {
	return &http.Client{Transport: newTransportCustom(customize)}
}

// A round-tripper adding a token around a bounded transport.
type authRoundTripper struct {
	token string
	next  http.RoundTripper
}

func (a *authRoundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	r.Header.Set("Authorization", a.token)
	return a.next.RoundTrip(r)
}

func withToken(cfg *tls.Config, token string) *http.Client {
	return &http.Client{Transport: &authRoundTripper{token, newTransport(cfg)}}
}

// The transport is set after the literal.
func transportLater(cfg *tls.Config) *http.Client {
	c := &http.Client{}
	c.Transport = newTransport(cfg)
	return c
}

// A copy of http.DefaultClient given a bounded transport (an auth
// plugin's default client).
func defaultRoundTripperClient(cfg *tls.Config, timeout int64) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = time.Duration(timeout) * time.Second
	tr.TLSClientConfig = cfg
	c := *http.DefaultClient
	c.Transport = tr
	return &c
}

// Positives.

func plain() *http.Transport { return &http.Transport{MaxIdleConns: 10} }

func helperWithout() *http.Client {
	return &http.Client{Transport: plain()} // want `http.Client built with no Timeout`
}

// Only one branch of the helper bounds it.
func maybe(stream bool) http.RoundTripper {
	if stream {
		return &http.Transport{}
	}
	return &http.Transport{ResponseHeaderTimeout: time.Second}
}

func helperOneBranch(stream bool) *http.Client {
	return &http.Client{Transport: maybe(stream)} // want `http.Client built with no Timeout`
}

func zeroHeaderTimeout() *http.Client {
	return &http.Client{Transport: &http.Transport{ResponseHeaderTimeout: 0}} // want `http.Client built with no Timeout`
}

// Only dial and handshake timeouts: a server that accepts and stalls
// still holds the request.
func dialOnly() *http.Client {
	return &http.Client{Transport: &http.Transport{TLSHandshakeTimeout: time.Second}} // want `http.Client built with no Timeout`
}

// The round-tripper wraps a transport that does not bound the wait.
func withTokenPlain(token string) *http.Client {
	return &http.Client{Transport: &authRoundTripper{token: token, next: plain()}} // want `http.Client built with no Timeout`
}

// The helper wraps what its caller gives it: here, a plain transport.
func wrapPlain() *http.Client {
	return &http.Client{Transport: wrap(&http.Transport{}, "tool/1.0")} // want `http.Client built with no Timeout`
}

// The transport set later does not bound it.
func transportLaterPlain() *http.Client {
	c := &http.Client{} // want `http.Client built with no Timeout`
	c.Transport = plain()
	return c
}

// A copy of http.DefaultClient with a transport that does not bound it.
func copiedDefault() *http.Client {
	c := *http.DefaultClient // want `http.DefaultClient has no timeout`
	c.Transport = plain()
	return &c
}
