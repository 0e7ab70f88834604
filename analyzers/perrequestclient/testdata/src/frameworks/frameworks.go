// Package frameworks holds gin and echo handlers.
package frameworks

import (
	"database/sql"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
	"google.golang.org/grpc"

	"deep"
)

func GinReport(c *gin.Context) {
	db, _ := sql.Open("postgres", "dsn") // want `sql.Open in handler GinReport opens a new connection pool on every request`
	defer db.Close()
}

func EchoProxy(c echo.Context) error {
	tr := deep.NewTransport() // want `call to deep.NewTransport in handler EchoProxy builds a new connection pool on every request`
	_, err := (&http.Client{Transport: tr}).Get("http://backend/")
	return err
}

func Routes(e *echo.Echo, g *gin.Engine, conn *grpc.ClientConn) {
	e.GET("/x", func(c echo.Context) error {
		c2, err := grpc.Dial("backend") // want `grpc.Dial in handler func literal at frameworks.go:\d+ opens a new client connection`
		if err != nil {
			return err
		}
		return c2.Close()
	})
	// Quiet: the handler uses the connection built at start-up.
	g.GET("/y", func(c *gin.Context) { _ = conn })
}
