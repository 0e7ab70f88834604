package fiber

import "context"

type Ctx struct{}

func (c *Ctx) UserContext() context.Context { return context.Background() }

type App struct{}

func (a *App) Get(path string, h ...func(*Ctx) error) {}
