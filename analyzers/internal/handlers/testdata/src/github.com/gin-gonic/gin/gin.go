package gin

import "net/http"

type Context struct{ Request *http.Request }

type HandlerFunc func(*Context)

type Engine struct{}

func (e *Engine) GET(path string, h ...HandlerFunc) {}
