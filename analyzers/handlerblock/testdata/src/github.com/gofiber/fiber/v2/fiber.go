// Package fiber is a stub of github.com/gofiber/fiber/v2 for tests.
package fiber

import "context"

type Ctx struct{}

func (c *Ctx) UserContext() context.Context { return context.Background() }
func (c *Ctx) SendString(s string) error    { return nil }

type Handler = func(*Ctx) error

type App struct{}

func New() *App                              { return &App{} }
func (a *App) Get(path string, h ...Handler) {}
