// Package frameworks has handlers of every framework the handler index
// recognises, registered inline.
package frameworks

import (
	"time"

	"deep"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"
	"github.com/labstack/echo/v4"
)

func Gin(e *gin.Engine, results chan string) {
	e.GET("/slow", func(c *gin.Context) {
		time.Sleep(time.Second)  // want `time.Sleep in handler func literal at frameworks.go:\d+ .* a case <-c.Request.Context\(\).Done\(\) instead`
		c.String(200, <-results) // want `receive from results in handler func literal at frameworks.go:\d+ blocks`
	})
	// gin.Context implements context.Context: its Done is a way out.
	e.GET("/wait", func(c *gin.Context) {
		select {
		case v := <-results:
			c.String(200, v)
		case <-c.Done():
		}
	})
}

func GinHandler(c *gin.Context) {
	deep.Doze() // want `call to deep.Doze blocks .*; pass c.Request.Context\(\) down`
}

func Echo(e *echo.Echo) {
	e.GET("/slow", func(c echo.Context) error {
		time.Sleep(time.Second) // want `time.Sleep in handler func literal at frameworks.go:\d+ .* a case <-c.Request\(\).Context\(\).Done\(\) instead`
		return c.String(200, "ok")
	})
	e.GET("/ok", func(c echo.Context) error {
		select {
		case <-c.Request().Context().Done():
			return nil
		case <-time.After(time.Second):
		}
		return c.String(200, "ok")
	})
}

func Fiber(app *fiber.App) {
	app.Get("/slow", func(c *fiber.Ctx) error {
		_ = deep.Retry(func() error { return nil }) // want `call to deep.Retry blocks .*: deep.Retry -> deep.Backoff -> time.Sleep at deep.go:\d+; pass c.UserContext\(\) down`
		return c.SendString("ok")
	})
	app.Get("/ok", func(c *fiber.Ctx) error {
		return deep.RetryCtx(c.UserContext(), func() error { return nil })
	})
}
