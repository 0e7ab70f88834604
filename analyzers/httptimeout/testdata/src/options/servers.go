// Package options holds clients and servers whose timeouts are set after
// the literal: by options, setters and builders.
package options

import (
	"net/http"
	"time"
)

// Negatives.

// StartOption customises the server before it serves.
type StartOption func(svr *http.Server)

// The server's timeouts come from the options applied in a loop after the
// literal (the caller's options set ReadTimeout).
func start(addr string, h http.Handler, run func(svr *http.Server) error, opts ...StartOption) error {
	server := &http.Server{
		Addr:    addr,
		Handler: h,
	}
	for _, opt := range opts {
		opt(server)
	}
	return run(server)
}

// StartHTTP serves with the options.
func StartHTTP(addr string, h http.Handler, opts ...StartOption) error {
	return start(addr, h, func(svr *http.Server) error { return svr.ListenAndServe() }, opts...)
}

// A function of the package sets the timeout on the server it is given.
func harden(s *http.Server) {
	s.ReadHeaderTimeout = 5 * time.Second
}

func hardened(h http.Handler) error {
	srv := &http.Server{Handler: h}
	harden(srv)
	return srv.ListenAndServe()
}

// ... through a second function.
func configure(s *http.Server) { harden(s) }

func configured(h http.Handler) error {
	srv := &http.Server{Handler: h}
	configure(srv)
	return srv.ListenAndServe()
}

// Positives.

// Handing the server to a function value that serves it is not applying
// options.
func serveWith(run func(*http.Server) error) error {
	server := &http.Server{Addr: ":8080"} // want `http.Server has neither ReadHeaderTimeout nor ReadTimeout`
	return run(server)
}

// Options applied to the wrapper before the http.Server exists cannot set
// its timeouts.
type Server struct {
	*http.Server
	timeout time.Duration
}

// ServerOption configures a Server.
type ServerOption func(*Server)

// NewServer builds a Server.
func NewServer(opts ...ServerOption) *Server {
	srv := &Server{timeout: time.Second}
	for _, o := range opts {
		o(srv)
	}
	srv.Server = &http.Server{ // want `http.Server has neither ReadHeaderTimeout nor ReadTimeout`
		Handler: http.NotFoundHandler(),
	}
	return srv
}

// A function the server is passed to that sets no timeout.
func logAddr(s *http.Server) { println(s.Addr) }

func notHardened(h http.Handler) error {
	srv := &http.Server{Handler: h} // want `http.Server has neither ReadHeaderTimeout nor ReadTimeout`
	logAddr(srv)
	return srv.ListenAndServe()
}
