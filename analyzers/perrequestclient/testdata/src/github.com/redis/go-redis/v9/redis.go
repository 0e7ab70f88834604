// Package redis is a stub of go-redis for tests.
package redis

import "context"

type Options struct{ Addr string }
type ClusterOptions struct{ Addrs []string }
type UniversalOptions struct{ Addrs []string }
type FailoverOptions struct{ MasterName string }

type Client struct{}

func (*Client) Get(ctx context.Context, key string) string { return "" }
func (*Client) Close() error                               { return nil }

type ClusterClient struct{}

type UniversalClient interface {
	Get(ctx context.Context, key string) string
}

func NewClient(opt *Options) *Client                           { return &Client{} }
func NewClusterClient(opt *ClusterOptions) *ClusterClient      { return &ClusterClient{} }
func NewUniversalClient(opt *UniversalOptions) UniversalClient { return &Client{} }
func NewFailoverClient(opt *FailoverOptions) *Client           { return &Client{} }
