package quiet

import (
	"net/http"

	"github.com/gorilla/websocket"
)

// After a WebSocket upgrade or a hijack the handler serves the connection
// for as long as it lives, and the request's context no longer tracks the
// client: its waits are the connection's.
type Hub struct {
	register chan *websocket.Conn
	closed   chan struct{}
}

func (h *Hub) ServeWS(w http.ResponseWriter, r *http.Request) {
	var up websocket.Upgrader
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	h.register <- conn
	<-h.closed
}

func (h *Hub) ServeRaw(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	<-h.closed
}
