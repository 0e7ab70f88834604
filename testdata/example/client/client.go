// Package client calls an upstream API.
package client

import (
	"io"
	"net/http"
	"time"
)

// Client talks to the upstream API.
type Client struct {
	base string
	http *http.Client
}

// New returns a Client for the API at base.
func New(base string) *Client {
	return &Client{base: base, http: &http.Client{}}
}

// NewWithTimeout returns a Client whose requests give up after d.
func NewWithTimeout(base string, d time.Duration) *Client {
	return &Client{base: base, http: &http.Client{Timeout: d}}
}

// Fetch reads the document at path.
func (c *Client) Fetch(path string) ([]byte, error) {
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// Ping checks that the API answers.
func Ping(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
