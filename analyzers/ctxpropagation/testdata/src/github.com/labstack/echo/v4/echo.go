// Package echo is a stub of github.com/labstack/echo/v4 for conclint's tests.
package echo

import "net/http"

type Context interface {
	Request() *http.Request
}
