package options

import (
	"context"
	"net/http"
	"time"

	"dockerlike/client"
)

// Negatives: a timeout option next to the option handed the client.

// In the list of options: the appends to the variable holding it.
func dockerSD(host string, rt http.RoundTripper, interval time.Duration) (*client.Client, error) {
	clientOpts := []client.Opt{
		client.WithHost(host),
	}
	clientOpts = append(clientOpts,
		client.WithHTTPClient(&http.Client{
			Transport: rt,
		}),
	)
	clientOpts = append(clientOpts, client.WithTimeout(interval))
	return client.New(clientOpts...)
}

// In the same call.
func sameCall(rt http.RoundTripper) (*client.Client, error) {
	return client.NewClientWithOpts(client.WithHTTPClient(&http.Client{Transport: rt}), client.WithTimeout(time.Minute))
}

// In the same chain of builder calls.
func builder(rt http.RoundTripper) *client.Client {
	return client.NewBuilder().WithHTTPClient(&http.Client{Transport: rt}).WithTimeout(10 * time.Second).Build()
}

// A client handed to an options loop.
type ClientOption func(*http.Client)

func newConfigured(opts ...ClientOption) *http.Client {
	c := &http.Client{}
	for _, o := range opts {
		o(c)
	}
	return c
}

// An API client built from the client, whose every call takes a context
// with a deadline; its calls with no arguments send nothing (a container
// engine poller).
type engine interface {
	Info(ctx context.Context) (string, error)
	ClientVersion() string
	Close() error
}

type socketClient struct {
	client *client.Client
}

func (c *socketClient) Info(ctx context.Context) (string, error) { return c.client.Info(ctx) }
func (c *socketClient) ClientVersion() string                    { return c.client.ClientVersion() }
func (c *socketClient) Close() error                             { return c.client.Close() }

func newEngine(host string) (engine, error) {
	transport := &http.Transport{}
	httpClient := &http.Client{Transport: transport}
	cl, err := client.NewClientWithOpts(
		client.WithHTTPClient(httpClient),
		client.WithHost(host))
	if err != nil {
		return nil, err
	}
	return &socketClient{cl}, nil
}

// Poller polls the engine.
type Poller struct {
	client  engine
	Timeout time.Duration
}

// Start connects.
func (p *Poller) Start() error {
	c, err := newEngine("unix:///run/engine.sock")
	if err != nil {
		return err
	}
	p.client = c
	_ = p.client.ClientVersion()
	ctx, cancel := context.WithTimeout(context.Background(), p.Timeout)
	defer cancel()
	_, err = p.client.Info(ctx)
	return err
}

// Gather polls once.
func (p *Poller) Gather() error {
	ctx, cancel := context.WithTimeout(context.Background(), p.Timeout)
	defer cancel()
	_, err := p.client.Info(ctx)
	return err
}

// Stop disconnects.
func (p *Poller) Stop() { _ = p.client.Close() }

// Positives.

// A timeout option of zero sets none.
func zeroTimeout(rt http.RoundTripper) (*client.Client, error) {
	return client.New(client.WithHTTPClient(&http.Client{Transport: rt}), client.WithTimeout(0)) // want `http.Client built with no Timeout`
}

// An idle timeout does not bound a request that stalls.
func idleOnly(rt http.RoundTripper) (*client.Client, error) {
	return client.New(client.WithHTTPClient(&http.Client{Transport: rt}), client.WithIdleTimeout(time.Minute)) // want `http.Client built with no Timeout`
}

// The API client streams with a context that is cancelled but has no
// deadline.
func tail(id string) error {
	hc := &http.Client{} // want `http.Client built with no Timeout waits forever on a server that stops responding \(the request at clients.go:\d+ has no deadline\)`
	cl, err := client.NewClientWithOpts(client.WithHTTPClient(hc))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs, err := cl.ContainerLogs(ctx, id)
	if err != nil {
		return err
	}
	return logs.Close()
}

// A call of the API client with arguments but no context.
func ping(url string) error {
	hc := &http.Client{} // want `http.Client built with no Timeout`
	cl, err := client.New(client.WithHTTPClient(hc))
	if err != nil {
		return err
	}
	return cl.Ping(url)
}
