// Package grpc is a stub of google.golang.org/grpc for tests.
package grpc

import "context"

type ClientConn struct{}

func (*ClientConn) Close() error { return nil }

type DialOption interface{}

func WithInsecure() DialOption { return nil }

func Dial(target string, opts ...DialOption) (*ClientConn, error) { return nil, nil }

func DialContext(ctx context.Context, target string, opts ...DialOption) (*ClientConn, error) {
	return nil, nil
}

func NewClient(target string, opts ...DialOption) (*ClientConn, error) { return nil, nil }
