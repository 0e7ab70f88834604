// Package options is a stub of the mongo driver's options for tests.
package options

type ClientOptions struct{}

func Client() *ClientOptions                                { return &ClientOptions{} }
func (o *ClientOptions) ApplyURI(uri string) *ClientOptions { return o }
