// Package http2 is a stub of golang.org/x/net/http2 for tests.
package http2

import (
	"net/http"
	"time"
)

type Transport struct{ ReadIdleTimeout time.Duration }

func (*Transport) RoundTrip(*http.Request) (*http.Response, error) { return nil, nil }

// ConfigureTransports upgrades t1 in place.
func ConfigureTransports(t1 *http.Transport) (*Transport, error) {
	t2 := &Transport{}
	t2.ReadIdleTimeout = time.Second
	return t2, nil
}
