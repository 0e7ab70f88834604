// Package deep has helpers that build pooled clients on every call; the // want package:`has pooled-client builders`
// analyzer exports facts about them for the packages that call them.
package deep

import (
	"database/sql"
	"net/http"
	"strings"
	"sync"
	"time"
)

// NewTransport builds a transport on every call.
func NewTransport() *http.Transport { // want NewTransport:`builds a pooled client: deep.NewTransport -> http.Transport`
	return &http.Transport{IdleConnTimeout: time.Minute}
}

// NewClient builds one through NewTransport.
func NewClient(timeout time.Duration) *http.Client { // want NewClient:`builds a pooled client: deep.NewClient -> deep.NewTransport -> http.Transport`
	return &http.Client{Transport: NewTransport(), Timeout: timeout}
}

// NewBackendClient builds its own transport on every call.
func NewBackendClient() *http.Client { // want NewBackendClient:`builds a pooled client: deep.NewBackendClient -> http.Transport`
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
}

// Store opens a pool per call, through an unexported helper.
type Store struct{ DSN string }

func (s *Store) Open() (*sql.DB, error) { // want Open:`builds a pooled client: deep.Store.Open -> deep.open -> sql.Open`
	return open(s.DSN)
}

func open(dsn string) (*sql.DB, error) { // unexported: no fact, but its callers' chains name it
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	return db, nil
}

// Client caches its transport: no fact.
type Client struct {
	mu sync.Mutex
	tr *http.Transport
}

func (c *Client) Transport() *http.Transport {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tr == nil {
		c.tr = NewTransport()
	}
	return c.tr
}

var (
	defaultOnce sync.Once
	defaultTr   *http.Transport
)

// Default builds once: no fact.
func Default() *http.Transport {
	defaultOnce.Do(func() { defaultTr = NewTransport() })
	return defaultTr
}

// WithTransport builds a transport only when it is given none: a default,
// no fact.
func WithTransport(tr http.RoundTripper) *http.Client {
	if tr == nil {
		tr = NewTransport()
	}
	return &http.Client{Transport: tr}
}

// Factory returns a function that builds: calling Factory builds nothing.
func Factory() func() *http.Transport {
	return func() *http.Transport { return &http.Transport{} }
}

// Pools keeps one pool per key: no fact.
var pools = map[string]*sql.DB{}

func Pool(dsn string) *sql.DB {
	if db, ok := pools[dsn]; ok {
		return db
	}
	db, _ := sql.Open("postgres", dsn)
	pools[dsn] = db
	return db
}

// NewPool is generic: facts are on the generic function, calls are on
// instantiations.
func NewPool[T any](cfg T) *sql.DB { // want NewPool:`builds a pooled client: deep.NewPool -> sql.Open`
	db, _ := sql.Open("postgres", "dsn")
	return db
}

// Ordinary paths: a helper that builds a client only for some values of
// what its caller does not control does not build one on every call.

// Resolve builds a client only for one kind of secret reference: no fact.
func Resolve(ref string) (string, error) {
	if strings.HasPrefix(ref, "vault://") {
		c := &http.Client{Transport: &http.Transport{}}
		resp, err := c.Get("https://vault/" + ref)
		if err != nil {
			return "", err
		}
		resp.Body.Close()
	}
	return ref, nil
}

// Options configure a client.
type Options struct {
	Proxy   string
	Timeout time.Duration
}

// HTTPClient builds a transport when its options ask for a proxy: a fact
// that depends on its parameter; callers passing their configuration are
// not reported, callers passing a literal are.
func HTTPClient(o Options) *http.Client { // want HTTPClient:`builds a pooled client: deep.HTTPClient -> http.Transport \(depending on parameters \[0\]\)`
	if o.Proxy != "" {
		return &http.Client{Transport: &http.Transport{MaxIdleConns: 4}, Timeout: o.Timeout}
	}
	return &http.Client{Timeout: o.Timeout}
}

var verbose bool

// Debug builds one only when a global is set: no fact.
func Debug() {
	if verbose {
		(&http.Client{Transport: &http.Transport{}}).Get("http://debug/")
	}
}
