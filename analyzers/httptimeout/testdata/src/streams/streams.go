// Package streams follows the logs of containers, in the shape of a
// metrics agent's log input: a client Timeout would cut the streams.
package streams

import (
	"context"
	"io"
	"net/http"
	"sync"
	"time"

	docker "github.com/docker/docker/client"
)

type engine interface {
	ContainerList(ctx context.Context) ([]string, error)
	ContainerLogs(ctx context.Context, id string) (io.ReadCloser, error)
}

type socketClient struct{ client *docker.Client }

func (c *socketClient) ContainerList(ctx context.Context) ([]string, error) {
	return c.client.ContainerList(ctx)
}

func (c *socketClient) ContainerLogs(ctx context.Context, id string) (io.ReadCloser, error) {
	return c.client.ContainerLogs(ctx, id)
}

func newClient() (engine, error) {
	hc := &http.Client{Transport: &http.Transport{}} // ok: the lists have deadlines, the streams owners that end them
	cl, err := docker.NewClientWithOpts(docker.WithHTTPClient(hc))
	if err != nil {
		return nil, err
	}
	return &socketClient{cl}, nil
}

// Logs tails every container until Stop.
type Logs struct {
	client  engine
	Timeout time.Duration
	mu      sync.Mutex
	tails   map[string]context.CancelFunc
	wg      sync.WaitGroup
}

func (l *Logs) Start() error {
	c, err := newClient()
	l.client = c
	return err
}

func (l *Logs) Gather() error {
	ctx, cancel := context.WithTimeout(context.Background(), l.Timeout)
	defer cancel()
	ids, err := l.client.ContainerList(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		ctx, cancel := context.WithCancel(context.Background())
		l.track(id, cancel)
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			_ = l.tail(ctx, id)
		}()
	}
	return nil
}

func (l *Logs) track(id string, cancel context.CancelFunc) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tails[id] = cancel
}

func (l *Logs) tail(ctx context.Context, id string) error {
	r, err := l.client.ContainerLogs(ctx, id)
	if err != nil {
		return err
	}
	defer r.Close()
	_, err = io.Copy(io.Discard, r)
	return err
}

// Stop ends every stream.
func (l *Logs) Stop() {
	l.mu.Lock()
	for _, cancel := range l.tails {
		cancel()
	}
	l.mu.Unlock()
	l.wg.Wait()
}

// A stream whose cancel is only deferred: nothing ends it while it stalls.
func tailOnce(id string) error {
	hc := &http.Client{} // want `http.Client built with no Timeout waits forever on a server that stops responding \(the request at streams.go:\d+ has no deadline\)`
	cl, err := docker.NewClientWithOpts(docker.WithHTTPClient(hc))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := cl.ContainerLogs(ctx, id)
	if err != nil {
		return err
	}
	return r.Close()
}

// A request that is not a stream needs a deadline though its cancel is
// kept.
type lister struct{ cancel context.CancelFunc }

func (s *lister) list() error {
	hc := &http.Client{} // want `http.Client built with no Timeout`
	cl, err := docker.NewClientWithOpts(docker.WithHTTPClient(hc))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	_, err = cl.ContainerList(ctx)
	return err
}

// A stream with no context that can end: reported.
func tailBackground(id string) error {
	hc := &http.Client{} // want `http.Client built with no Timeout`
	cl, err := docker.NewClientWithOpts(docker.WithHTTPClient(hc))
	if err != nil {
		return err
	}
	r, err := cl.ContainerLogs(context.Background(), id)
	if err != nil {
		return err
	}
	return r.Close()
}
