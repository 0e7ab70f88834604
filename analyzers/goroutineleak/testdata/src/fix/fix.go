package fix

import "context"

func Get(ctx context.Context) int {
	ch := make(chan int) // want `ch is unbuffered`
	go func() {
		ch <- 1
	}()
	select {
	case <-ctx.Done():
		return 0
	case v := <-ch:
		return v
	}
}

type client struct{}

func (c *client) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithCancel(ctx)
}

func (c *client) do(ctx context.Context) error { return ctx.Err() }

func (c *client) Get(ctx context.Context) error {
	tctx, _ := c.withTimeout(ctx) // want `is assigned to _`
	return c.do(tctx)
}

func Serve(run func() error) {
	done := make(chan struct{})
	go func() {
		if err := run(); err != nil {
			return
		}
		close(done)
	}()
	<-done // want `can return`
}
