// Package gin is a stub of github.com/gin-gonic/gin for tests.
package gin

import "net/http"

type Context struct{ Request *http.Request }

func (c *Context) FullPath() string { return "" }
