package orphan

import (
	"context"
	"errors"
)

type job struct{ id int }

func validate(j job) error {
	if j.id < 0 {
		return errors.New("bad job")
	}
	return nil
}

func process(j job) {}

// Positive: the worker ranges over jobs; the parent returns on the first
// invalid job without closing it.
func RunJobs(list []job) error {
	jobs := make(chan job)
	go func() {
		for j := range jobs {
			process(j)
		}
	}()
	for _, j := range list {
		if err := validate(j); err != nil {
			return err // want `this return leaves without closing jobs, and the goroutine started at line 23 waits on jobs \(line 24\): it blocks forever, once per call; close jobs on this path too \(defer close\(jobs\) after the go statement\)`
		}
		jobs <- j
	}
	close(jobs)
	return nil
}

// Negative: close deferred right after the goroutine starts.
func RunJobsDeferred(list []job) error {
	jobs := make(chan job)
	go func() {
		for j := range jobs {
			process(j)
		}
	}()
	defer close(jobs)
	for _, j := range list {
		if err := validate(j); err != nil {
			return err
		}
		jobs <- j
	}
	return nil
}

// Negative: every job is checked before the worker starts.
func RunChecked(list []job) error {
	for _, j := range list {
		if err := validate(j); err != nil {
			return err
		}
	}
	jobs := make(chan job)
	go func() {
		for j := range jobs {
			process(j)
		}
	}()
	for _, j := range list {
		jobs <- j
	}
	close(jobs)
	return nil
}

type conn struct{}

func (c *conn) handshake(ctx context.Context) (string, error) { return "", nil }

func (c *conn) serve(name string) {}

// Positive: the goroutine waits for the name the handshake gives; the
// parent returns on a failed handshake without sending it.
func (c *conn) Start(ctx context.Context) error {
	names := make(chan string)
	go c.waitName(names)
	name, err := c.handshake(ctx)
	if err != nil {
		return err // want `this return leaves without sending on names or closing it, and the goroutine started at line 86 waits on names \(line 96\)`
	}
	names <- name
	return nil
}

func (c *conn) waitName(names <-chan string) {
	name := <-names
	c.serve(name)
}

// Negative: the goroutine also gives up when the context ends.
func (c *conn) StartSelecting(ctx context.Context) error {
	names := make(chan string)
	go func() {
		select {
		case name := <-names:
			c.serve(name)
		case <-ctx.Done():
		}
	}()
	name, err := c.handshake(ctx)
	if err != nil {
		return err
	}
	names <- name
	return nil
}

// Negative: the failure path closes the channel; the goroutine gets the
// zero value and returns.
func (c *conn) StartClosing(ctx context.Context) error {
	names := make(chan string)
	go func() {
		name, ok := <-names
		if !ok {
			return
		}
		c.serve(name)
	}()
	name, err := c.handshake(ctx)
	if err != nil {
		close(names)
		return err
	}
	names <- name
	return nil
}

// Negative: the channel is also handed to another function, which may
// close it.
func (c *conn) StartHandedOn(ctx context.Context, register func(chan string)) error {
	names := make(chan string)
	go c.waitName(names)
	register(names)
	name, err := c.handshake(ctx)
	if err != nil {
		return err
	}
	names <- name
	return nil
}

// Negative: the failure path panics.
func (c *conn) MustStart(ctx context.Context) {
	names := make(chan string)
	go c.waitName(names)
	name, err := c.handshake(ctx)
	if err != nil {
		panic(err)
	}
	names <- name
}

// Negative: one send reaches the waiting goroutine before the early
// return; a single receive needs no close.
func (c *conn) StartEarly(ctx context.Context) error {
	names := make(chan string)
	go c.waitName(names)
	names <- "pending"
	if _, err := c.handshake(ctx); err != nil {
		return err
	}
	return nil
}
