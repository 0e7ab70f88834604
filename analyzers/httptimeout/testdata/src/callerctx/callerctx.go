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
