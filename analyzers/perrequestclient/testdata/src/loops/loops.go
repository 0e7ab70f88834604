// Package loops holds constructions in loops outside handlers. // want package:`has pooled-client builders`
package loops

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/spf13/cobra"
	"google.golang.org/grpc"

	"deep"
)

type Server struct{ DSN string }

type Collector struct {
	Servers []Server
	conns   map[string]*grpc.ClientConn
	pools   []*sql.DB
}

// gather runs on every interval; it opens a pool per server and drops it.
func (c *Collector) gather(ctx context.Context) error {
	for _, s := range c.Servers {
		db, err := sql.Open("postgres", s.DSN) // want `sql.Open in a loop in Collector.gather opens a new connection pool for each element of c.Servers on every call: open it once at start-up and share the \*sql.DB`
		if err != nil {
			return err
		}
		db.PingContext(ctx)
		db.Close()
	}
	return nil
}

// consume: per message read from a channel.
func consume(msgs <-chan string) {
	for addr := range msgs {
		rdb := redis.NewClient(&redis.Options{Addr: addr}) // want `redis.NewClient in a loop in consume opens a new connection pool for each value received from msgs: create it once`
		rdb.Get(context.Background(), "k")
		rdb.Close()
	}
}

// A counting loop with an input bound.
func probe(urls []string) {
	for i := 0; i < len(urls); i++ {
		client := &http.Client{Transport: &http.Transport{}} // want `http.Transport literal in a loop in probe builds a new connection pool on every iteration: build the transport once`
		client.Get(urls[i])
	}
}

// Through a helper in another package.
func check(urls []string) {
	for _, u := range urls {
		deep.NewClient(time.Second).Get(u) // want `call to deep.NewClient in a loop in check builds a new connection pool for each element of urls on every call \(also in a loop in each for each element of urls on every call\): call it once at start-up and share the result \(deep.NewClient -> deep.NewTransport -> http.Transport\)`
	}
}

// Inside a callback run on every iteration.
func each(urls []string, do func(func())) {
	for _, u := range urls {
		do(func() {
			deep.NewClient(time.Second).Get(u) // the same root as check's: reported there
		})
	}
}

// Quiet: one client per configured backend, kept.
func (c *Collector) Start() error {
	for _, s := range c.Servers {
		conn, err := grpc.Dial(s.DSN)
		if err != nil {
			return err
		}
		c.conns[s.DSN] = conn
	}
	return nil
}

// Quiet: collected into a local slice and returned (one per backend).
func dial(addrs []string) ([]*grpc.ClientConn, error) {
	var conns []*grpc.ClientConn
	for _, a := range addrs {
		conn, err := grpc.Dial(a)
		if err != nil {
			return nil, err
		}
		conns = append(conns, conn)
	}
	return conns, nil
}

// Quiet: collected into a local map.
func pools(dsns map[string]string) map[string]*sql.DB {
	m := make(map[string]*sql.DB)
	for name, dsn := range dsns {
		db, _ := sql.Open("postgres", dsn)
		m[name] = db
	}
	return m
}

// Quiet: appended to the receiver's slice.
func (c *Collector) Add(dsns []string) {
	for _, dsn := range dsns {
		db, _ := sql.Open("postgres", dsn)
		c.pools = append(c.pools, db)
	}
}

// Quiet: a retry loop stops once the dial succeeds.
func connect(addr string, attempts int) (*grpc.ClientConn, error) {
	var err error
	for i := 0; i < attempts; i++ {
		var conn *grpc.ClientConn
		conn, err = grpc.Dial(addr)
		if err == nil {
			return conn, nil
		}
		time.Sleep(time.Second)
	}
	return nil, err
}

func connectRetry(addr string, deadline time.Time) (*sql.DB, error) {
	for time.Now().Before(deadline) {
		db, err := sql.Open("postgres", addr)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		return db, nil
	}
	return nil, errors.New("timeout")
}

// Quiet: a fixed number of attempts.
func three(addr string) {
	for i := 0; i < 3; i++ {
		db, _ := sql.Open("postgres", addr)
		db.Close()
	}
	for range 3 {
		db, _ := sql.Open("postgres", addr)
		db.Close()
	}
}

// Quiet: a reconnection loop with no condition dials once per connection.
func reconnect(ctx context.Context, addr string) {
	for {
		conn, err := grpc.Dial(addr)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		serve(ctx, conn)
		conn.Close()
		if ctx.Err() != nil {
			return
		}
	}
}

func serve(context.Context, *grpc.ClientConn) {}

// Quiet: a closure built in the loop and run later is not run per iteration
// here.
func later(urls []string) []func() {
	var fns []func()
	for _, u := range urls {
		fns = append(fns, func() { deep.NewClient(time.Second).Get(u) })
	}
	return fns
}

type gnmi struct{ Addresses []string }

// Quiet: one goroutine per configured address, each redialing in a loop
// until cancelled: the innermost loop decides, and it reconnects.
func (g *gnmi) run(ctx context.Context) {
	for _, addr := range g.Addresses {
		go func(addr string) {
			for ctx.Err() == nil {
				conn, err := grpc.NewClient(addr)
				if err == nil {
					serve(ctx, conn)
					conn.Close()
				}
				time.Sleep(time.Second)
			}
		}(addr)
	}
}

func (g *gnmi) subscribe(ctx context.Context) {
	for _, addr := range g.Addresses {
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				default:
					rdb := redis.NewClient(&redis.Options{Addr: addr})
					rdb.Get(ctx, "k")
					rdb.Close()
				}
			}
		}()
	}
}

// Quiet: a wait loop with only a condition.
func poll(ctx context.Context, addr string) {
	for ctx.Err() == nil {
		db, _ := sql.Open("postgres", addr)
		db.PingContext(ctx)
		db.Close()
		time.Sleep(time.Second)
	}
}

// Quiet: life-cycle methods run at start-up.
func (c *Collector) Init() error { // want Init:`builds a pooled client: loops.Collector.Init -> sql.Open`
	for _, s := range c.Servers {
		db, err := sql.Open("postgres", s.DSN)
		if err != nil {
			return err
		}
		db.Close() // checks the DSN
	}
	return nil
}

func (g *gnmi) Start(ctx context.Context) { // want Start:`builds a pooled client: loops.gnmi.Start -> grpc.Dial`
	for _, addr := range g.Addresses {
		conn, _ := grpc.Dial(addr)
		serve(ctx, conn)
	}
}

// Reported: a loop over input nested in a reconnection loop.
func (g *gnmi) fanOut(ctx context.Context) {
	for ctx.Err() == nil {
		for _, addr := range g.Addresses {
			conn, _ := grpc.Dial(addr) // want `grpc.Dial in a loop in gnmi.fanOut opens a new client connection for each element of g.Addresses on every call`
			serve(ctx, conn)
		}
	}
}

// A client method that clones the default transport on every call, called
// per chain on every scrape (cosmos-validators-exporter#89).
type chainClient struct{ host string }

func (c *chainClient) Get(path string) error { // want Get:`builds a pooled client: loops.chainClient.Get -> http.Transport.Clone`
	transport := http.DefaultTransport.(*http.Transport).Clone() // want `http.Transport.Clone in loops.chainClient.Get builds a new connection pool on every call, and it is called in a loop in querier.collect for each element of q.chains on every call: build the transport once at start-up and share it \(loops.chainClient.Get -> http.Transport.Clone\)`
	client := &http.Client{Transport: instrument(transport), Timeout: 10 * time.Second}
	resp, err := client.Get(c.host + path)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func instrument(rt http.RoundTripper) http.RoundTripper { return rt }

type querier struct{ chains []*chainClient }

func (q *querier) collect() {
	for _, chain := range q.chains {
		chain.Get("/status")
	}
}

// A helper that opens and drops a pool, whose error is handed to a method
// named like a cache's: the error is kept, not the pool (telegraf's mysql).
type accumulator struct{}

func (accumulator) AddError(error) {}

func (c *Collector) gatherAll(acc accumulator) {
	for _, s := range c.Servers {
		acc.AddError(c.gatherOne(s))
	}
}

func (c *Collector) gatherOne(s Server) error {
	db, err := sql.Open("mysql", s.DSN) // want `sql.Open in loops.Collector.gatherOne opens a new connection pool on every call, and it is called in a loop in Collector.gatherAll for each element of c.Servers on every call: open it once at start-up and share the \*sql.DB \(loops.Collector.gatherOne -> sql.Open\)`
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Ping()
}

// A break in a switch case leaves the switch, not the loop: the success
// check does not end this loop, which dials once per address
// (control.Leaves; the break once made it a retry loop).
func dialEachMode(addrs []string, mode int) {
	for _, a := range addrs {
		conn, err := grpc.Dial(a) // want `grpc.Dial in a loop in dialEachMode opens a new client connection for each element of addrs on every call`
		switch mode {
		case 1:
			if err == nil {
				break
			}
		}
		if conn != nil {
			conn.Close()
		}
	}
}

// Quiet: a labelled break out of the loop once a pool answers is a retry.
func pingUntilUp(dsns []string, stop <-chan struct{}) {
retry:
	for i := 0; i < len(dsns); i++ {
		db, err := sql.Open("postgres", dsns[i])
		if err == nil {
			err = db.Ping()
			db.Close()
		}
		select {
		case <-stop:
			return
		default:
			if err == nil {
				break retry
			}
		}
	}
}

// Quiet: a transport used only for requests that close their connection
// (req.Close) keeps nothing in its pool: one per local address is harmless.
func soapRequest(url string, local string) error {
	req, err := http.NewRequest("POST", url, nil)
	if err != nil {
		return err
	}
	req.Close = true
	tr := &http.Transport{}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func addPinholes(url string, addrs []string) {
	for _, a := range addrs {
		_ = soapRequest(url, a)
	}
}

// Quiet: a command-line action runs once per invocation, like main.
func runUpdate(cmd *cobra.Command, ids []string) error {
	for _, id := range ids {
		deep.NewClient(time.Second).Get("http://alertmanager/" + id)
	}
	return nil
}

var updateCmd = &cobra.Command{RunE: runUpdate}

// Quiet: a helper that builds a client only under its plugin's
// configuration, called per item.
type plugin struct{ vault bool }

func (p *plugin) token() string {
	if p.vault {
		c := &http.Client{Transport: &http.Transport{}}
		c.Get("https://vault/token")
	}
	return ""
}

func (p *plugin) gather(items []string) {
	for range items {
		_ = p.token()
	}
}
