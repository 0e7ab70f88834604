// Package fiber is a stub of github.com/gofiber/fiber/v2 for conclint's tests.
package fiber

import "context"

type Ctx struct{}

func (c *Ctx) UserContext() context.Context { return context.Background() }
