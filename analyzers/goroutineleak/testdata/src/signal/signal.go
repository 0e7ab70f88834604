package signal

import (
	"errors"
	"io"
	"log"
)

// server and listener stand for net/http's Server and net's Listener.
type listener interface{ Close() error }

type server interface{ Serve(l listener) error }

var errServerClosed = errors.New("server closed")

type response struct{ Body io.ReadCloser }

func get(url string) (*response, error) { return nil, nil }

// Positive: the goroutine returns on the error without closing done.
func Serve(srv server, ln listener) {
	done := make(chan struct{})
	go func() {
		if err := srv.Serve(ln); err != nil {
			log.Print(err)
			return
		}
		close(done)
	}()
	<-done // want `the goroutine started at line 23 can return \(line 26\) without closing done, and nothing else signals it: this receive then blocks forever`
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
	<-doneChan // want `the goroutine started at line 47 can return \(line 64\) without closing doneChan`
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
		resp, err := get(url)
		if err != nil {
			return
		}
		resp.Body.Close()
		errc <- nil
	}()
	return <-errc // want `the goroutine started at line 69 can return \(line 72\) without sending on errc`
}

// Negative: closed in a defer.
func ServeDeferred(srv server, ln listener) {
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
		resp, err := get(url)
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
func MustServe(srv server, ln listener) {
	done := make(chan struct{})
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, errServerClosed) {
			panic(err)
		}
		close(done)
	}()
	<-done
}

// Negative: the parent also gives up on a timeout (another rule's shape).
func ServeOrQuit(srv server, ln listener, quit <-chan struct{}) {
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
