package a

import (
	"net"
	"net/http"
	"time"
)

type settings struct{ ReadTimeout time.Duration }

// Positives.

func bareServer(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h} // want `http.Server has neither ReadHeaderTimeout nor ReadTimeout: a client that sends its headers slowly holds a connection forever; set ReadHeaderTimeout`
	return srv.ListenAndServe()
}

func onlyWriteTimeout(h http.Handler) *http.Server {
	return &http.Server{ // want `http.Server has neither ReadHeaderTimeout nor ReadTimeout`
		Handler:      h,
		WriteTimeout: time.Second,
	}
}

func zeroHeaderTimeout() *http.Server {
	return &http.Server{ReadHeaderTimeout: 0} // want `http.Server has neither ReadHeaderTimeout nor ReadTimeout`
}

func newServer() *http.Server {
	return new(http.Server) // want `http.Server has neither ReadHeaderTimeout nor ReadTimeout`
}

func packageServe(h http.Handler, l net.Listener) {
	_ = http.ListenAndServe(":8080", h)                   // want `http.ListenAndServe serves with no timeouts: a client that sends its headers slowly holds a connection forever; use an http.Server with ReadHeaderTimeout set`
	_ = http.ListenAndServeTLS(":8443", "cert", "key", h) // want `http.ListenAndServeTLS serves with no timeouts`
	_ = http.Serve(l, h)                                  // want `http.Serve serves with no timeouts`
	_ = http.ServeTLS(l, h, "cert", "key")                // want `http.ServeTLS serves with no timeouts`
}

// Negatives.

func goodServer(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h, ReadHeaderTimeout: 5 * time.Second}
	return srv.ListenAndServe()
}

func readTimeoutOnly(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadTimeout: 30 * time.Second}
}

func configuredTimeout(s settings) *http.Server {
	return &http.Server{ReadTimeout: s.ReadTimeout}
}

func serverAssignedLater() *http.Server {
	srv := &http.Server{}
	srv.ReadHeaderTimeout = time.Second
	return srv
}

func newServerAssignedLater() *http.Server {
	srv := new(http.Server)
	srv.ReadTimeout = time.Second
	return srv
}

// Using a server built elsewhere is not building one.
func serve(srv *http.Server, l net.Listener) error {
	return srv.Serve(l)
}

// A function value is not a call.
var listen = http.ListenAndServe
