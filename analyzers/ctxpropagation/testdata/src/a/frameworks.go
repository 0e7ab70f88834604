package a

import (
	"context"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"
	"github.com/labstack/echo/v4"
)

func ginHandler(c *gin.Context) {
	work(context.Background()) // want `context.Background\(\) ignores the request's context: use c.Request.Context\(\)`
}

func echoHandler(c echo.Context) error {
	return work(context.TODO()) // want `context.TODO\(\) ignores the request's context: use c.Request\(\).Context\(\)`
}

func fiberHandler(c *fiber.Ctx) error {
	return work(context.Background()) // want `context.Background\(\) ignores the request's context: use c.UserContext\(\)`
}

func ginInline() gin.HandlerFunc {
	return func(ctx *gin.Context) {
		work(context.Background()) // want `context.Background\(\) ignores the request's context: use ctx.Request.Context\(\)`
	}
}
