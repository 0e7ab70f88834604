// Accept loops, reported only with -accept-loops.
package accept

import (
	"net"
	"net/http"

	"golang.org/x/net/netutil"
)

func serve(c net.Conn) { c.Write(nil) }

func Serve(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go serve(c) // want `^go statement in the accept loop over ln starts one goroutine per connection with no limit, so a flood of connections exhausts memory and file descriptors: wrap the listener with netutil.LimitListener or bound the handlers with a buffered-channel semaphore$`
	}
}

func ServeTCP(ln *net.TCPListener) {
	for {
		c, err := ln.AcceptTCP()
		if err != nil {
			return
		}
		go serve(c) // want `go statement in the accept loop over ln`
	}
}

func ServeLimited(ln net.Listener) error {
	ln = netutil.LimitListener(ln, 100)
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go serve(c)
	}
}

func ServeLimitedNew(inner net.Listener) error {
	ln := netutil.LimitListener(inner, 100)
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go serve(c)
	}
}

func ServeSemaphore(ln net.Listener) error {
	sem := make(chan struct{}, 100)
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			serve(c)
		}()
	}
}

func Upgrade(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	go serve(conn) // want `go statement in handler Upgrade, which takes over its connection, starts goroutines per connection with no limit`
}

// Connections accepted by another goroutine and handed over on a channel.
func ServeHandedOver(conns <-chan net.Conn) {
	for c := range conns {
		go serve(c) // want `go statement in the loop receiving connections from conns starts one goroutine per connection`
	}
}

func ServeSelected(done <-chan struct{}, conns <-chan net.Conn) {
	for {
		var c net.Conn
		select {
		case <-done:
			return
		case c = <-conns:
		}
		go serve(c) // want `go statement in the loop receiving connections from conns`
	}
}
