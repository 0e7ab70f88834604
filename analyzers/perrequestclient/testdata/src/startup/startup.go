// Package startup builds clients at start-up, in loops over configuration. // want package:`has pooled-client builders`
package main

import (
	"database/sql"
	"net/http"

	"google.golang.org/grpc"
)

type Backend struct{ Addr string }

type Config struct{ Backends []Backend }

type Service struct {
	clients map[string]*http.Client
	conns   []*grpc.ClientConn
}

// Quiet: constructors run at start-up, loops over configuration included.
func NewService(cfg Config) *Service { // want NewService:`builds a pooled client: main.NewService -> http.Transport`
	s := &Service{clients: map[string]*http.Client{}}
	for _, b := range cfg.Backends {
		tr := &http.Transport{}
		s.clients[b.Addr] = &http.Client{Transport: tr}
		check(b.Addr)
	}
	for _, b := range cfg.Backends {
		db := openOne(b.Addr)
		db.Close()
	}
	return s
}

// Quiet: called only from constructors and main.
func openOne(dsn string) *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	return db
}

func check(addr string) {
	tr := &http.Transport{}
	(&http.Client{Transport: tr}).Get(addr)
}

func setup(cfg Config) {
	for _, b := range cfg.Backends {
		conn, _ := grpc.Dial(b.Addr)
		conn.Close()
	}
}

func main() {
	setup(Config{})
	for _, b := range []string{"a", "b"} {
		db, _ := sql.Open("postgres", b)
		db.Close()
	}
}

func init() {
	for _, b := range []string{"a", "b"} {
		tr := &http.Transport{}
		(&http.Client{Transport: tr}).Get(b)
	}
}

var pkgLevel = func() []*sql.DB {
	var dbs []*sql.DB
	for _, dsn := range []string{"a", "b"} {
		db, _ := sql.Open("postgres", dsn)
		db.Ping()
	}
	return dbs
}()

// Reported: this one is also called per request, from Get below.
func dialAll(addrs []string) {
	for _, a := range addrs {
		conn, _ := grpc.Dial(a) // want `grpc.Dial in a loop in dialAll opens a new client connection for each element of addrs on every call`
		conn.Close()
	}
}

func Get(w http.ResponseWriter, r *http.Request) {
	dialAll(r.URL.Query()["addr"]) // want `call to main.dialAll in handler Get opens a new client connection on every request`
}

func NewFromConfig(cfg Config) { dialAll(nil) } // want NewFromConfig:`builds a pooled client: main.NewFromConfig -> main.dialAll -> grpc.Dial`
