package echo

import "net/http"

type Context interface{ Request() *http.Request }

type Echo struct{}

func (e *Echo) GET(path string, h func(Context) error) {}
