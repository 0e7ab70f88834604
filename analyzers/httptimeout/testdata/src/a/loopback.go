package a

import (
	"net"
	"net/http"
)

// Negatives: servers listening only on a loopback address are not
// reachable from the network.

func pprof() {
	go http.ListenAndServe("localhost:6060", nil)
}

const (
	bindPort    = "53682"
	bindAddress = "127.0.0.1:" + bindPort
)

// A local server collecting an OAuth code from the browser, its address
// carried by a parameter and a field.
type authServer struct {
	bindAddress string
	server      *http.Server
	listener    net.Listener
}

func newAuthServer(addr string) *authServer { return &authServer{bindAddress: addr} }

func (s *authServer) Init(mux *http.ServeMux) error {
	s.server = &http.Server{
		Addr:    s.bindAddress,
		Handler: mux,
	}
	var err error
	s.listener, err = net.Listen("tcp", s.bindAddress)
	return err
}

func authorize(mux *http.ServeMux) error {
	return newAuthServer(bindAddress).Init(mux)
}

func localListener(h http.Handler) error {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		return err
	}
	return http.Serve(ln, h)
}

// Positives.

func allInterfaces(h http.Handler) error {
	return http.ListenAndServe("0.0.0.0:6060", h) // want `http.ListenAndServe serves with no timeouts`
}

// One caller passes an address from its configuration.
func newDebugServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h} // want `http.Server has neither ReadHeaderTimeout nor ReadTimeout`
}

func debugServers(h http.Handler, configured string) {
	_ = newDebugServer("127.0.0.1:6060", h)
	_ = newDebugServer(configured, h)
}

// An exported function's callers are not known.
func NewLocalServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h} // want `http.Server has neither ReadHeaderTimeout nor ReadTimeout`
}

func listenAnywhere(h http.Handler, port string) error {
	ln, err := net.Listen("tcp", ":"+port)
	if err != nil {
		return err
	}
	return http.Serve(ln, h) // want `http.Serve serves with no timeouts`
}
