package cancel

import (
	"context"
	"errors"
	"time"
)

type Client struct {
	timeout time.Duration
	cancel  context.CancelFunc
}

// withTimeout derives a context the caller must cancel: its deadline is
// only set when the client has a timeout.
func (c *Client) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.timeout > 0 {
		return context.WithTimeout(ctx, c.timeout)
	}
	return context.WithCancel(ctx)
}

func (c *Client) do(ctx context.Context) error { return nil }

// Positive: the helper's cancel is discarded.
func (c *Client) Get(ctx context.Context) error {
	ctx, _ = c.withTimeout(ctx) // want `the cancel function c.withTimeout returns is assigned to _: what it would stop`
	return c.do(ctx)
}

// Positive: the cancel is not called on the early return.
func (c *Client) Put(ctx context.Context, body []byte) error {
	ctx, cancel := c.withTimeout(ctx) // want `cancel, the cancel function c.withTimeout returns, is not called on the path that returns at line 35`
	if len(body) == 0 {
		return errors.New("empty body")
	}
	defer cancel()
	return c.do(ctx)
}

// Positive: a func() named stop, and the call a statement of its own.
func (c *Client) watch(ctx context.Context, path string) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		<-ctx.Done()
	}()
	return cancel
}

func (c *Client) Follow(ctx context.Context, paths []string) {
	for _, p := range paths {
		c.watch(ctx, p) // want `the cancel function c.watch returns is discarded`
	}
}

// Negative: deferred right away.
func (c *Client) Head(ctx context.Context) error {
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	return c.do(ctx)
}

// Negative: kept in a field: its owner calls it.
func (c *Client) Start(ctx context.Context) {
	ctx, c.cancel = c.withTimeout(ctx)
	go c.do(ctx)
}

// Negative: handed to a goroutine that calls it.
func (c *Client) Async(ctx context.Context) {
	ctx, cancel := c.withTimeout(ctx)
	go func() {
		defer cancel()
		c.do(ctx)
	}()
}

// Negative: returned to the caller, who calls it.
func (c *Client) Derive(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := c.withTimeout(ctx)
	return ctx, cancel
}

// Negative: context.WithCancel itself is vet's lostcancel's.
func (c *Client) Vet(ctx context.Context) error {
	ctx, _ = context.WithCancel(ctx)
	return c.do(ctx)
}

// Negative: a func() whose result name says nothing of cancelling.
func (c *Client) register(name string) (unregister func()) { return func() {} }

func (c *Client) Register(names []string) {
	for _, n := range names {
		c.register(n)
	}
}

// Negative: called on every path, explicitly.
func (c *Client) Delete(ctx context.Context) error {
	ctx, cancel := c.withTimeout(ctx)
	if err := c.do(ctx); err != nil {
		cancel()
		return err
	}
	cancel()
	return nil
}

// withConfiguredTimeout returns a context that ends at its deadline, or a
// no-op cancel: dropping the cancel holds the context until the deadline.
func (c *Client) withConfiguredTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.timeout > 0 {
		return context.WithTimeout(ctx, c.timeout)
	}
	return ctx, func() {}
}

// Negative: deliberately not cancelled; the deadline ends the context
// (vault's RawRequestWithContext).
func (c *Client) Raw(ctx context.Context) error {
	ctx, _ = c.withConfiguredTimeout(ctx)
	return c.do(ctx)
}

type response struct{ body []byte }

// executeRead makes the request under a context of its own; on failure it
// cancels that context itself and returns no cancel function.
func (c *Client) executeRead(ctx context.Context) (*response, context.CancelFunc, error) {
	ctx, cancel := c.withTimeout(ctx)
	if err := c.do(ctx); err != nil {
		cancel()
		return nil, nil, err
	}
	return &response{}, cancel, nil
}

func (c *Client) handleRead(resp *response, cancel context.CancelFunc) ([]byte, error) {
	defer cancel()
	return resp.body, nil
}

// Negative: the error path of the call that returned cancel has nothing
// to cancel (prometheus's remote read client).
func (c *Client) ReadMultiple(ctx context.Context) ([]byte, error) {
	resp, cancel, err := c.executeRead(ctx)
	if err != nil {
		return nil, err
	}
	return c.handleRead(resp, cancel)
}

// Positive: a later failure, not the call's own, leaves cancel uncalled.
func (c *Client) ReadChecked(ctx context.Context) ([]byte, error) {
	resp, cancel, err := c.executeRead(ctx) // want `cancel, the cancel function c.executeRead returns, is not called on the path that returns at line 161`
	if err != nil {
		return nil, err
	}
	if len(resp.body) == 0 {
		return nil, errors.New("empty")
	}
	return c.handleRead(resp, cancel)
}
