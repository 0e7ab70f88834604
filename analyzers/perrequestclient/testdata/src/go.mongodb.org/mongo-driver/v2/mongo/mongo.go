// Package mongo is a stub of the mongo driver v2 for tests.
package mongo

type Client struct{}

func Connect(opts ...any) (*Client, error) { return &Client{}, nil }
