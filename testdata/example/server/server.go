// Package server serves the service's HTTP API.
package server

import (
	"fmt"
	"net/http"
	"time"

	"example.com/service/client"
)

// Server holds the service's dependencies.
type Server struct {
	upstream *client.Client
}

// Routes returns the service's handler.
func (s *Server) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/report", s.Report)
	mux.HandleFunc("/archive", s.Archive)
	mux.HandleFunc("/lookup", s.Lookup)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	return mux
}

// Report renders the upstream report.
func (s *Server) Report(w http.ResponseWriter, r *http.Request) {
	body, err := s.upstream.Fetch("/report")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.Write(body)
}

// Run serves the API on addr.
func Run(addr string) error {
	s := &Server{upstream: client.New("http://upstream.internal")}
	srv := &http.Server{Addr: addr, Handler: s.Routes()}
	return srv.ListenAndServe()
}

// RunDebug serves the debug endpoints.
func RunDebug(addr string) error {
	return http.ListenAndServe(addr, http.DefaultServeMux)
}

// RunWithTimeouts is how Run should look.
func RunWithTimeouts(addr string) error {
	s := &Server{upstream: client.NewWithTimeout("http://upstream.internal", 5*time.Second)}
	srv := &http.Server{Addr: addr, Handler: s.Routes(), ReadHeaderTimeout: 10 * time.Second}
	return srv.ListenAndServe()
}
