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
