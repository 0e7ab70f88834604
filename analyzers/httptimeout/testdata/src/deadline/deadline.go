// Package deadline holds clients with no Timeout whose requests carry, or
// do not carry, a context with a deadline.
package deadline

import (
	"context"
	"io"
	"net/http"
	"time"
)

// Negatives: every request carries a deadline.

// The deadline is made in the same function (a strategies file downloaded
// with http.DefaultClient under a one-second context).
func download(url string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, http.NoBody)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// The deadline is made in the same loop iteration, and the client is
// passed to a helper that attaches its context parameter (a hash check
// against every peer).
func checkPeers(rt http.RoundTripper, peers []string, d time.Duration) {
	cc := &http.Client{
		Transport: rt,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	for _, p := range peers {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		_, _ = hashOf(ctx, cc, p)
		cancel()
	}
}

func hashOf(ctx context.Context, cc *http.Client, url string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req = req.WithContext(ctx)
	req.Header.Set("Content-Type", "application/json")
	return cc.Do(req)
}

// Every caller of the unexported helper passes a deadline (a member
// promotion forwarded to the leader under the request timeout).
func promote(ctx context.Context, urls []string, d time.Duration) error {
	cctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	for cctx.Err() == nil {
		for _, u := range urls {
			if err := promoteHTTP(cctx, u); err == nil {
				return nil
			}
		}
	}
	return cctx.Err()
}

func promoteHTTP(ctx context.Context, url string) error {
	cc := &http.Client{}
	req, err := http.NewRequest(http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	req = req.WithContext(ctx)
	resp, err := cc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// The client is kept in an unexported field; its requests are sent by
// methods whose context comes from a function literal capturing a
// deadline context of the collecting function (a scheduler poller).
type poller struct {
	client *http.Client
	urls   []string
}

func (p *poller) Gather(timeout time.Duration) {
	if p.client == nil {
		p.init()
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	done := make(chan struct{})
	for _, u := range p.urls {
		go func(u string) {
			defer func() { done <- struct{}{} }()
			_ = p.role(ctx, u)
		}(u)
	}
	for range p.urls {
		<-done
	}
}

func (p *poller) init() {
	client := &http.Client{
		Transport: &http.Transport{Proxy: http.ProxyFromEnvironment},
	}
	p.client = client
}

func (p *poller) role(ctx context.Context, u string) error {
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		return err
	}
	req.Header.Add("Accept", "text/plain")
	resp, err := p.client.Do(req.WithContext(ctx))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// The sending function is stored in a field of an options struct and
// called through it, always with a deadline (an alert notifier).
type Options struct {
	Do func(ctx context.Context, client *http.Client, req *http.Request) (*http.Response, error)
}

func do(ctx context.Context, client *http.Client, req *http.Request) (*http.Response, error) {
	if client == nil {
		client = http.DefaultClient
	}
	return client.Do(req.WithContext(ctx))
}

type sender struct {
	opts   *Options
	client *http.Client
}

func newSender(o *Options, c *http.Client) *sender {
	if o.Do == nil {
		o.Do = do
	}
	return &sender{opts: o, client: c}
}

func (s *sender) send(req *http.Request, d time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	resp, err := s.opts.Do(ctx, s.client, req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Requests built by a helper that returns them with the context it is
// given, and a context derived through a function from a context to a
// context (a tracer's span).
type tracer interface {
	Start(ctx context.Context, name string) (context.Context, func())
}

func build(ctx context.Context, url string) (*http.Request, error) {
	return http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
}

func traced(t tracer, url string) error {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Second))
	defer cancel()
	ctx, end := t.Start(ctx, "fetch")
	defer end()
	req, err := build(ctx, url)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// The methods of an unexported type called only through an unexported
// interface, every call with a deadline.
type fetcher interface {
	fetch(ctx context.Context, url string) error
}

type plainFetcher struct{ c *http.Client }

func (f plainFetcher) fetch(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := f.c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func newFetcher() fetcher { return plainFetcher{c: &http.Client{}} }

func fetchAll(f fetcher, urls []string) {
	for _, u := range urls {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = f.fetch(ctx, u)
		cancel()
	}
}

// The context is kept in an unexported field, and every value stored in
// it has a deadline (a poller started with one).
type timedPoller struct {
	ctx    context.Context
	cancel context.CancelFunc
	hc     *http.Client
}

func newTimedPoller(d time.Duration) *timedPoller {
	p := &timedPoller{hc: &http.Client{}}
	p.ctx, p.cancel = context.WithTimeout(context.Background(), d)
	return p
}

func (p *timedPoller) poll(url string) error {
	req, err := http.NewRequestWithContext(p.ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := p.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Positives: a request without a deadline on some path.

// A request built with no context.
func discover(url string) error {
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}} // want `http.Client built with no Timeout waits forever on a server that stops responding \(the request at deadline.go:\d+ has no deadline\): set Timeout`
	defer client.CloseIdleConnections()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// The context has no deadline.
func background(url string) error {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req) // want `http.DefaultClient has no timeout and waits forever on a server that stops responding \(the request at deadline.go:\d+ has no deadline\)`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// One caller of the helper passes a deadline, the other does not.
func pollOnce(url string, d time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	_ = get(ctx, url)
}

func pollForever(url string) {
	_ = get(context.Background(), url)
}

func get(ctx context.Context, url string) error {
	c := &http.Client{} // want `http.Client built with no Timeout`
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// The deadline is made before the loop, and reassigned without one in the
// loop: the second iteration has none.
func reassigned(urls []string) {
	c := &http.Client{} // want `http.Client built with no Timeout`
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for _, u := range urls {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		_, _ = c.Do(req)
		ctx = context.Background()
	}
}

// The refresh method is handed to a framework as a method value: its
// callers, and their contexts, are unknown (a discovery refresh loop).
type discovery struct {
	client *http.Client
	url    string
}

func newDiscovery(url string, run func(func(context.Context) error)) *discovery {
	d := &discovery{client: &http.Client{}, url: url} // want `http.Client built with no Timeout`
	run(d.refresh)
	return d
}

func (d *discovery) refresh(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.url, nil)
	if err != nil {
		return err
	}
	resp, err := d.client.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// The client is passed through a field holding a function: the function
// called is unknown.
type lister struct {
	client *http.Client
	list   func(ctx context.Context, c *http.Client, url string) error
}

func newLister() *lister {
	return &lister{client: &http.Client{}} // want `http.Client built with no Timeout`
}

func (l *lister) run(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return l.list(ctx, l.client, url)
}

// The context of the request a handler serves has no deadline.
func proxy(w http.ResponseWriter, r *http.Request) {
	out, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, "http://backend", nil)
	resp, err := http.DefaultClient.Do(out) // want `http.DefaultClient has no timeout`
	if err != nil {
		return
	}
	_ = resp.Body.Close()
}

func routes(mux *http.ServeMux) { mux.HandleFunc("/", proxy) }

// An unexported helper nothing calls: no path shows a deadline.
func unused(ctx context.Context, url string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	_, _ = (&http.Client{}).Do(req) // want `http.Client built with no Timeout`
}

// Sending with Get: no context at all.
func getURL(url string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = ctx
	c := &http.Client{} // want `http.Client built with no Timeout waits forever on a server that stops responding \(the request at deadline.go:\d+ has no deadline\)`
	_, _ = c.Get(url)
}

// The client is returned: its requests are made where we cannot see.
func newClient() *http.Client {
	return &http.Client{Transport: http.DefaultTransport} // want `http.Client built with no Timeout waits forever on a server that stops responding: set Timeout`
}

// A client built by an unexported constructor and used by its callers,
// every request with a deadline.
func newPeerClient(rt http.RoundTripper) *http.Client {
	return &http.Client{Transport: rt}
}

func askPeers(rt http.RoundTripper, urls []string) {
	cc := newPeerClient(rt)
	for _, u := range urls {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		_, _ = cc.Do(req)
		cancel()
	}
}

// ... one of whose callers sends with no deadline.
func newMetricsClient() *http.Client {
	return &http.Client{} // want `http.Client built with no Timeout waits forever on a server that stops responding \(the request at deadline.go:\d+ has no deadline\)`
}

func scrapeOnce(url string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	_, _ = newMetricsClient().Do(req)
}

func proxyMetrics(url string) {
	_, _ = newMetricsClient().Get(url)
}

// The context kept in a field is the background context where it is
// stored (a file system's default context).
type store struct {
	ctx context.Context
	hc  *http.Client
}

func newStore() *store {
	// the default context
	ctx := context.Background()
	return &store{ctx: ctx, hc: &http.Client{}} // want `http.Client built with no Timeout waits forever on a server that stops responding \(the request at deadline.go:\d+ has no deadline\)`
}

func (s *store) get(url string) error {
	req, err := http.NewRequestWithContext(s.ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// One of the values stored in the field has no deadline.
type watcher struct {
	ctx context.Context
	hc  *http.Client
}

func newWatcher(d time.Duration) *watcher {
	ctx, _ := context.WithTimeout(context.Background(), d)
	return &watcher{ctx: ctx, hc: &http.Client{}} // want `http.Client built with no Timeout`
}

func (w *watcher) reset() { w.ctx = context.TODO() }

func (w *watcher) watch(url string) error {
	req, err := http.NewRequestWithContext(w.ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := w.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
