package signal

import (
	"errors"
	"log"
	"net"
	"net/http"
)

// Positive: the goroutine returns on the error without closing done.
func Serve(srv *http.Server, ln net.Listener) {
	done := make(chan struct{})
	go func() {
		if err := srv.Serve(ln); err != nil {
			log.Print(err)
			return
		}
		close(done)
	}()
	<-done // want `the goroutine started at line 13 can return \(line 16\) without closing done, and nothing else signals it: this receive then blocks forever`
}

type Address struct{ Addr string }

type ClientConn struct {
	notify <-chan []Address
}

func NewClientConn(notify <-chan []Address) *ClientConn { return &ClientConn{notify: notify} }

func (cc *ClientConn) connect(a Address) error { return nil }

// Positive: the watcher closes doneChan only once a connection is up; when
// the notify channel closes first, it returns without (grpc's lbWatcher).
func (cc *ClientConn) Dial() {
	doneChan := make(chan struct{})
	go cc.lbWatcher(doneChan)
	<-doneChan // want `the goroutine started at line 37 can return \(line 54\) without closing doneChan`
}

func (cc *ClientConn) lbWatcher(doneChan chan struct{}) {
	for addrs := range cc.notify {
		for _, a := range addrs {
			if doneChan != nil {
				if err := cc.connect(a); err == nil {
					close(doneChan)
					doneChan = nil
				}
			} else {
				cc.connect(a)
			}
		}
	}
}

// Positive: a result sent on success only.
func Fetch(url string) error {
	errc := make(chan error)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			return
		}
		resp.Body.Close()
		errc <- nil
	}()
	return <-errc // want `the goroutine started at line 59 can return \(line 62\) without sending on errc`
}

// Negative: closed in a defer.
func ServeDeferred(srv *http.Server, ln net.Listener) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil {
			log.Print(err)
			return
		}
	}()
	<-done
}

// Negative: a result on every path.
func FetchAll(url string) error {
	errc := make(chan error)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			errc <- err
			return
		}
		resp.Body.Close()
		errc <- nil
	}()
	return <-errc
}

// Negative: the goroutine never returns without signalling: it panics.
func MustServe(srv *http.Server, ln net.Listener) {
	done := make(chan struct{})
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			panic(err)
		}
		close(done)
	}()
	<-done
}

// Negative: the parent also gives up on a timeout (another rule's shape).
func ServeOrQuit(srv *http.Server, ln net.Listener, quit <-chan struct{}) {
	done := make(chan struct{})
	go func() {
		if err := srv.Serve(ln); err != nil {
			return
		}
		close(done)
	}()
	select {
	case <-done:
	case <-quit:
	}
}
