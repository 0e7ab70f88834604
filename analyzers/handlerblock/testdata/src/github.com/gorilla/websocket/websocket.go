// Package websocket is a stub of github.com/gorilla/websocket for tests.
package websocket

import "net/http"

type Conn struct{}

func (c *Conn) ReadMessage() (int, []byte, error) { return 0, nil, nil }

type Upgrader struct{}

func (u *Upgrader) Upgrade(w http.ResponseWriter, r *http.Request, h http.Header) (*Conn, error) {
	return &Conn{}, nil
}
