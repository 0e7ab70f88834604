package h

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"
	"github.com/labstack/echo/v4"
)

type Server struct{}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {} // want `handler Server.ServeHTTP \(net/http\) ctx=r.Context\(\)`

func Report(w http.ResponseWriter, req *http.Request) {} // want `handler Report \(net/http\) ctx=req.Context\(\)`

func unnamed(http.ResponseWriter, *http.Request) {} // want `handler unnamed \(net/http\) ctx=$`

func routes(mux *http.ServeMux, g *gin.Engine, e *echo.Echo, f *fiber.App) {
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {}) // want `handler func literal at h.go:20 \(net/http\) ctx=r.Context\(\)`
	mux.Handle("/x", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {})) // want `handler func literal at h.go:21 \(net/http\) ctx=$`
	g.GET("/", func(c *gin.Context) {}) // want `handler func literal at h.go:22 \(gin\) ctx=c.Request.Context\(\)`
	e.GET("/", func(c echo.Context) error { return nil }) // want `handler func literal at h.go:23 \(echo\) ctx=c.Request\(\).Context\(\)`
	f.Get("/", func(c *fiber.Ctx) error { return nil }) // want `handler func literal at h.go:24 \(fiber\) ctx=c.UserContext\(\)`
}

func ginNamed(c *gin.Context) {} // want `handler ginNamed \(gin\)`

// Not handlers.
func helper(w http.ResponseWriter) {}
func reqOnly(r *http.Request)      {}
func ginWithResult(c *gin.Context) error { return nil }
func echoNoResult(c echo.Context)        {}
func extra(w http.ResponseWriter, r *http.Request, n int) {}
func generic[T any](w http.ResponseWriter, r T)            {}

type notHandler struct{}

func (notHandler) ServeHTTP(w http.ResponseWriter) {}

// Enclosing: a literal started by go is off the request's path.
func spawn(w http.ResponseWriter, r *http.Request) { // want `handler spawn \(net/http\)`
	inner()       // want `inside spawn`
	func() {
		inner() // want `inside spawn`
	}()
	go func() {
		inner()
	}()
	go inner()
}

func inner() {
	probe()
}

func probe() {}
