// Package gin is a stub of github.com/gin-gonic/gin for conclint's tests.
package gin

import "net/http"

type Context struct {
	Request *http.Request
}

type HandlerFunc func(*Context)
