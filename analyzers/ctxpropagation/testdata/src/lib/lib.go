// Package lib is a third-party library with context-taking variants, for
// the general rule across packages.
package lib

import "context"

// Fetch is the thin compatibility wrapper: it has no context to pass.
func Fetch(key string) (string, error) { return FetchContext(context.Background(), key) }

func FetchContext(ctx context.Context, key string) (string, error) { return key, ctx.Err() }

func Send(msg string, n int) error                         { return nil }
func SendCtx(ctx context.Context, msg string, n int) error { return nil }

func Put(key string) error { return nil }

// PutWithContext has an extra trailing variadic parameter, like AWS's
// request options.
func PutWithContext(ctx context.Context, key string, opts ...func()) error { return nil }

// Mismatch's variant takes different parameters: not a variant.
func Mismatch(key string) error                          { return nil }
func MismatchContext(ctx context.Context, key int) error { return nil }

// NotFirst's context is not first: not a variant.
func NotFirst(key string) error                             { return nil }
func NotFirstContext(key string, ctx context.Context) error { return nil }

func unexported(key string) error                             { return nil }
func unexportedContext(ctx context.Context, key string) error { return nil }

// Client has methods with variants.
type Client struct{}

func (c *Client) Get(key string) string                             { return key }
func (c *Client) GetContext(ctx context.Context, key string) string { return key }

// Store is an interface with a variant.
type Store interface {
	Load(key string) ([]byte, error)
	LoadContext(ctx context.Context, key string) ([]byte, error)
}

// Logger's context variants carry values for logging only.
type Logger struct{}

func (l *Logger) Info(msg string)                             {}
func (l *Logger) InfoContext(ctx context.Context, msg string) {}
