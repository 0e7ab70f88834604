// Package app calls into its own module and into another one. With module
// information (go vet, gopls, golangci-lint, conclint), the waits inside
// another module are not followed: they are the dependency's design.
package app

import (
	"net/http"

	"example.com/app/lib"
	"example.com/dep"
)

type Server struct {
	client *dep.Client
	cache  *dep.Map
}

func (s *Server) Send(w http.ResponseWriter, r *http.Request) {
	_ = s.client.Send(r.URL.Path)
	_ = s.cache.Load(r.URL.Path)
	lib.Backoff() // want `call to lib.Backoff blocks without the request's context: lib.Backoff -> time.Sleep at lib.go:\d+`
}

// A helper of this package that calls into the dependency does not block
// either.
func (s *Server) send(msg string) { _ = s.client.Send(msg) }

func (s *Server) Relay(w http.ResponseWriter, r *http.Request) {
	s.send(r.URL.Path)
}
