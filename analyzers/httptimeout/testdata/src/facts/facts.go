// Package facts uses clientlib: what its functions do with a client,
// server or transport is known here through facts.
package facts

import (
	"context"
	"net/http"
	"time"

	"clientlib"
)

// Negatives.

func fetchWithDeadline(url string) error {
	c := &http.Client{}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return clientlib.Fetch(ctx, c, url)
}

func fetchWithin(url string) error {
	return clientlib.FetchWithin(&http.Client{}, url, time.Second)
}

func configured(url string) error {
	c := &http.Client{}
	clientlib.Configure(c)
	_, err := c.Get(url)
	return err
}

func hardened(h http.Handler) error {
	srv := &http.Server{Handler: h}
	clientlib.Harden(srv)
	return srv.ListenAndServe()
}

func boundedTransport(url string) error {
	c := &http.Client{Transport: clientlib.NewTransport()}
	_, err := c.Get(url)
	return err
}

func wrappedTransport(url string) error {
	c := &http.Client{Transport: clientlib.NewWrappedTransport()}
	_, err := c.Get(url)
	return err
}

// Positives.

func fetchBackground(url string) error {
	c := &http.Client{} // want `http.Client built with no Timeout`
	return clientlib.Fetch(context.Background(), c, url)
}

func send(url string) error {
	c := &http.Client{} // want `http.Client built with no Timeout`
	return clientlib.Send(c, url)
}

func plainTransport(url string) error {
	c := &http.Client{Transport: clientlib.PlainTransport()} // want `http.Client built with no Timeout`
	_, err := c.Get(url)
	return err
}

func plainWrapped(url string) error {
	c := &http.Client{Transport: clientlib.NewPlainWrapped()} // want `http.Client built with no Timeout`
	_, err := c.Get(url)
	return err
}
