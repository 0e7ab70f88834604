// Package uses calls package deep's helpers from handlers. // want package:`has pooled-client builders`
package uses

import (
	"net/http"
	"time"

	"deep"
)

func Fetch(w http.ResponseWriter, r *http.Request) {
	tr := deep.NewTransport() // want `call to deep.NewTransport in handler Fetch builds a new connection pool on every request: call it once at start-up and share the result \(deep.NewTransport -> http.Transport\)`
	(&http.Client{Transport: tr}).Get("http://backend/")
}

func Chain(w http.ResponseWriter, r *http.Request) {
	c := deep.NewClient(time.Second) // want `call to deep.NewClient in handler Chain builds a new connection pool on every request: call it once at start-up and share the result \(deep.NewClient -> deep.NewTransport -> http.Transport\)`
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

// Local helpers carry the chain on.
func client() *http.Client {
	return deep.NewClient(time.Second)
}

func Local(w http.ResponseWriter, r *http.Request) {
	client().Get("http://backend/") // want `call to uses.client in handler Local builds a new connection pool on every request: call it once at start-up and share the result \(uses.client -> deep.NewClient -> deep.NewTransport -> http.Transport\)`
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
	deep.NewPool[int](1).PingContext(r.Context()) // want `call to deep.NewPool in handler Generic opens a new connection pool`
}
