package quiet

import "net/http"

// A handler that hands its ResponseWriter to a stream writer running on
// another goroutine, then waits until the writer lets go of it: the writer
// owns the response (net/http forbids using w after the handler returns)
// and ends the wait when a write fails.

type closeNotifier struct{ done chan struct{} }

func (c *closeNotifier) closeNotify() <-chan struct{} { return c.done }

type outgoingConn struct {
	http.ResponseWriter
	closer *closeNotifier
}

type peer struct{ attach chan *outgoingConn }

func (p *peer) attachOutgoingConn(c *outgoingConn) { p.attach <- c }

type streamHandler struct{ p *peer }

func (h *streamHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
	c := &closeNotifier{done: make(chan struct{})}
	conn := &outgoingConn{ResponseWriter: w, closer: c}
	go h.p.attachOutgoingConn(conn)
	<-c.closeNotify() // ok: waits for the writer that owns w
}

// An event hub: the client record carries w and the channel the hub closes
// when it drops the client.
type client struct {
	w    http.ResponseWriter
	done chan struct{}
}

type hub struct{ add chan *client }

func (h *hub) Events(w http.ResponseWriter, r *http.Request) {
	cl := &client{w: w, done: make(chan struct{})}
	select {
	case h.add <- cl:
	case <-r.Context().Done():
		return
	}
	<-cl.done // ok: the hub writes to w until it drops the client
}
