// Package uses calls package deep's helpers from handlers. // want package:`has pooled-client builders`
package uses

import (
	"net/http"
	"strings"
	"time"

	"deep"
)

func Fetch(w http.ResponseWriter, r *http.Request) {
	tr := deep.NewTransport() // want `call to deep.NewTransport in handler Fetch builds a new connection pool on every request \(also from handler Chain on every request\): call it once at start-up and share the result \(deep.NewTransport -> http.Transport\)`
	(&http.Client{Transport: tr}).Get("http://backend/")
}

func Chain(w http.ResponseWriter, r *http.Request) {
	c := deep.NewClient(time.Second) // the same transport as Fetch's: one finding, there
	c.Get("http://backend/")
}

func Report(w http.ResponseWriter, r *http.Request) {
	s := &deep.Store{DSN: "postgres://db"}
	db, err := s.Open() // want `call to deep.Store.Open in handler Report opens a new connection pool on every request: call it once at start-up and share the result \(deep.Store.Open -> deep.open -> sql.Open\)`
	if err != nil {
		return
	}
	defer db.Close()
}

// Local helpers carry the chain on; the finding is at the deepest call in
// this package, where the chain leaves it.
func client() *http.Client {
	return deep.NewBackendClient() // want `call to deep.NewBackendClient in uses.client builds a new connection pool on every call, and it is called from handler Local on every request: call it once at start-up and share the result \(uses.client -> deep.NewBackendClient -> http.Transport\)`
}

func Local(w http.ResponseWriter, r *http.Request) {
	client().Get("http://backend/")
}

// Quiet: helpers that cache, build once, default, or return a factory.
var shared deep.Client

func Quiet(w http.ResponseWriter, r *http.Request) {
	(&http.Client{Transport: shared.Transport()}).Get("http://backend/")
	(&http.Client{Transport: deep.Default()}).Get("http://backend/")
	deep.WithTransport(http.DefaultTransport).Get("http://backend/")
	_ = deep.Factory()
	deep.Pool("postgres://db").PingContext(r.Context())
}

type server struct{ client *http.Client }

// Quiet: the result is kept in the receiver (lazy initialisation).
func (s *server) Kept(w http.ResponseWriter, r *http.Request) {
	if s.client == nil {
		s.client = deep.NewClient(time.Second)
	}
	s.client.Get("http://backend/")
}

// Quiet: built at start-up.

// NewServer builds a client on every call: calling it per request would be
// reported, and the fact says so.
func NewServer() *server { // want NewServer:`builds a pooled client: uses.NewServer -> deep.NewClient -> deep.NewTransport -> http.Transport`
	return &server{client: deep.NewClient(time.Second)}
}

func init() {
	_ = deep.NewTransport()
}

func Generic(w http.ResponseWriter, r *http.Request) {
	deep.NewPool("cfg").PingContext(r.Context())  // want `call to deep.NewPool in handler Generic opens a new connection pool on every request`
	deep.NewPool[int](1).PingContext(r.Context()) // the same root: one finding
}

// The helpers that build only for some values: reported only when the
// handler chooses the value.
type proxied struct{ opts deep.Options }

func (p *proxied) Configured(w http.ResponseWriter, r *http.Request) {
	deep.HTTPClient(p.opts).Get("http://backend/")
	_, _ = deep.Resolve(r.Header.Get("X-Secret"))
	deep.Debug()
	p.secret()
}

func (p *proxied) Literal(w http.ResponseWriter, r *http.Request) {
	deep.HTTPClient(deep.Options{Proxy: "http://proxy"}).Get("http://backend/") // want `call to deep.HTTPClient in handler proxied.Literal builds a new connection pool on every request`
}

// A local chain to a construction for one kind of configuration value,
// reached from every handler: nothing to report.
func (p *proxied) secret() string { return p.lookup("password") }

func (p *proxied) lookup(key string) string {
	v, _ := p.resolve(p.opts.Proxy + key)
	return v
}

func (p *proxied) resolve(ref string) (string, error) {
	if strings.HasPrefix(ref, "env://") {
		return ref[len("env://"):], nil
	}
	if strings.HasPrefix(ref, "vault://") {
		c := &http.Client{Transport: &http.Transport{}}
		_, err := c.Get(ref)
		return "", err
	}
	return ref, nil
}
