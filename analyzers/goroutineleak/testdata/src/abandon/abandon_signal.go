package abandon

import (
	"context"
	"os"
	"os/signal"
)

type registry struct {
	quit chan os.Signal
	srv  server
}

// Negative: serving until SIGTERM is the process's life; the goroutine
// left on its send when the signal comes ends with the process
// (distribution's registry).
func (r *registry) ListenAndServe(ctx context.Context) error {
	signal.Notify(r.quit, os.Interrupt)
	serveErr := make(chan error)
	go func() {
		serveErr <- r.srv.Serve()
	}()
	select {
	case err := <-serveErr:
		return err
	case <-r.quit:
		return nil
	}
}
