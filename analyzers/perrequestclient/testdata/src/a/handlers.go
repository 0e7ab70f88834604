// Package a holds request handlers that build pooled clients directly. // want package:`has pooled-client builders`
package a

import (
	"context"
	"database/sql"
	"errors"
	"net/http"

	redis8 "github.com/go-redis/redis/v8"
	pgxpool4 "github.com/jackc/pgx/v4/pgxpool"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
	mongo2 "go.mongodb.org/mongo-driver/v2/mongo"
	"golang.org/x/net/http2"
	"google.golang.org/grpc"
)

var dsn = "postgres://localhost/db"

func Report(w http.ResponseWriter, r *http.Request) {
	db, err := sql.Open("postgres", dsn) // want `sql.Open in handler Report opens a new connection pool on every request: open it once at start-up and share the \*sql.DB`
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	defer db.Close()
	db.QueryRowContext(r.Context(), "SELECT 1")
}

type connector struct{}

func (connector) Connect(context.Context) (any, error) { return nil, nil }

func OpenDB(w http.ResponseWriter, r *http.Request) {
	db := sql.OpenDB(nil) // want `sql.OpenDB in handler OpenDB opens a new connection pool on every request`
	db.PingContext(r.Context())
}

func Proxy(w http.ResponseWriter, r *http.Request) {
	// One finding, at the transport, for a client built around a new one.
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 10}} // want `http.Transport literal in handler Proxy builds a new connection pool on every request: build the transport once at start-up and share it`
	resp, err := client.Get("http://backend/")
	if err == nil {
		resp.Body.Close()
	}
}

func TransportVar(w http.ResponseWriter, r *http.Request) {
	tr := &http.Transport{} // want `http.Transport literal in handler TransportVar builds a new connection pool`
	tr.MaxIdleConnsPerHost = 4
	client := &http.Client{Transport: tr}
	client.Get("http://backend/")
}

func NewTransport(w http.ResponseWriter, r *http.Request) {
	tr := new(http.Transport) // want `new\(http.Transport\) in handler NewTransport builds a new connection pool`
	http.DefaultClient.Transport = nil
	(&http.Client{Transport: tr}).Get("http://backend/")
}

func Clone(w http.ResponseWriter, r *http.Request) {
	tr := http.DefaultTransport.(*http.Transport).Clone() // want `http.Transport.Clone in handler Clone builds a new connection pool on every request`
	tr.TLSClientConfig = nil
	(&http.Client{Transport: tr}).Get("http://backend/")
}

func Grpc(w http.ResponseWriter, r *http.Request) {
	conn, err := grpc.Dial("backend:443", grpc.WithInsecure()) // want `grpc.Dial in handler Grpc opens a new client connection on every request: dial once at start-up and share the \*grpc.ClientConn`
	if err != nil {
		return
	}
	defer conn.Close()
	conn2, _ := grpc.DialContext(r.Context(), "backend:443") // want `grpc.DialContext in handler Grpc opens a new client connection`
	_ = conn2
	conn3, _ := grpc.NewClient("backend:443") // want `grpc.NewClient in handler Grpc opens a new client connection on every request: create it once at start-up and share the \*grpc.ClientConn`
	_ = conn3
}

func Redis(w http.ResponseWriter, r *http.Request) {
	rdb := redis.NewClient(&redis.Options{Addr: "cache:6379"}) // want `redis.NewClient in handler Redis opens a new connection pool on every request: create it once at start-up and share the \*redis.Client`
	defer rdb.Close()
	rdb.Get(r.Context(), "k")
	redis.NewClusterClient(&redis.ClusterOptions{})                             // want `redis.NewClusterClient in handler Redis opens a new connection pool`
	redis.NewUniversalClient(&redis.UniversalOptions{}).Get(r.Context(), "k")   // want `redis.NewUniversalClient in handler Redis`
	redis.NewFailoverClient(&redis.FailoverOptions{})                           // want `redis.NewFailoverClient in handler Redis`
	redis8.NewClient(&redis8.Options{Addr: "cache:6379"}).Get(r.Context(), "k") // want `redis.NewClient in handler Redis`
	redis8.NewUniversalClient(&redis8.UniversalOptions{}).Get(r.Context(), "k") // want `redis.NewUniversalClient in handler Redis`
}

func Pgx(w http.ResponseWriter, r *http.Request) {
	pool, err := pgxpool.New(r.Context(), dsn) // want `pgxpool.New in handler Pgx opens a new connection pool on every request: create it once at start-up and share the \*pgxpool.Pool`
	if err != nil {
		return
	}
	defer pool.Close()
	cfg, _ := pgxpool.ParseConfig(dsn)
	pgxpool.NewWithConfig(r.Context(), cfg) // want `pgxpool.NewWithConfig in handler Pgx`
	pgxpool4.Connect(r.Context(), dsn)      // want `pgxpool.Connect in handler Pgx`
}

func Mongo(w http.ResponseWriter, r *http.Request) {
	client, err := mongo.Connect(r.Context(), options.Client().ApplyURI("mongodb://db")) // want `mongo.Connect in handler Mongo opens a new connection pool on every request: connect once at start-up and share the \*mongo.Client`
	if err != nil {
		return
	}
	defer client.Disconnect(r.Context())
	mongo2.Connect() // want `mongo.Connect in handler Mongo`
}

// Server's ServeHTTP is a handler: it runs on every request.
type Server struct{ dsn string }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	db, _ := sql.Open("mysql", s.dsn) // want `sql.Open in handler Server.ServeHTTP opens a new connection pool`
	defer db.Close()
}

// Handler literals, registered at start-up, run on every request.
func routes(mux *http.ServeMux) {
	mux.HandleFunc("/report", func(w http.ResponseWriter, r *http.Request) {
		db, _ := sql.Open("postgres", dsn) // want `sql.Open in handler func literal at handlers.go:\d+ opens a new connection pool`
		defer db.Close()
	})
	mux.Handle("/proxy", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(&http.Client{Transport: &http.Transport{}}).Get("http://backend/") // want `http.Transport literal in handler func literal at handlers.go:\d+`
	}))
}

// Middleware's inner function runs on every request.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rdb := redis.NewClient(&redis.Options{}) // want `redis.NewClient in handler func literal at handlers.go:\d+`
		rdb.Get(r.Context(), "session")
		next.ServeHTTP(w, r)
	})
}

// A goroutine or closure a handler starts still runs once per request.
func Async(w http.ResponseWriter, r *http.Request) {
	go func() {
		db, _ := sql.Open("postgres", dsn) // want `sql.Open in handler Async opens a new connection pool`
		defer db.Close()
	}()
	query := func() {
		db, _ := sql.Open("postgres", dsn) // want `sql.Open in handler Async opens a new connection pool`
		defer db.Close()
	}
	query()
}

// A handler that builds one client per backend of the request builds a
// set per request: still reported.
func FanOut(w http.ResponseWriter, r *http.Request) {
	var conns []*grpc.ClientConn
	for _, b := range r.URL.Query()["backend"] {
		c, _ := grpc.Dial(b) // want `grpc.Dial in handler FanOut opens a new client connection on every request`
		conns = append(conns, c)
	}
	_ = conns
}

// Suppressed with a reason.
func Admin(w http.ResponseWriter, r *http.Request) {
	//conclint:ignore perrequestclient the admin "test connection" button dials the DSN the user typed
	db, _ := sql.Open("postgres", r.FormValue("dsn"))
	defer db.Close()
}

// A nil check on something the branch does not initialise guards nothing.
func lookupClient() *http.Client {
	return &http.Client{Transport: &http.Transport{}} // want `http.Transport literal in a.lookupClient builds a new connection pool on every call, and it is called from handler Plain on every request: build the transport once at start-up and share it \(a.lookupClient -> http.Transport\)`
}

func Plain(w http.ResponseWriter, r *http.Request) {
	if r.TLS == nil {
		lookupClient().Get("http://backend/")
	}
}

func H2Transport(w http.ResponseWriter, r *http.Request) {
	t := &http2.Transport{} // want `http2.Transport literal in handler H2Transport builds a new connection pool on every request`
	(&http.Client{Transport: t}).Get("http://backend/")
}

// An early return that does not return a cached value guards nothing.
type service struct{ closed bool }

func (s *service) fetch() error {
	if s.closed {
		return errors.New("closed")
	}
	_, err := (&http.Client{Transport: &http.Transport{}}).Get("http://backend/") // want `http.Transport literal in a.service.fetch builds a new connection pool on every call, and it is called from handler service.ServeHTTP on every request`
	return err
}

func (s *service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.fetch()
}
