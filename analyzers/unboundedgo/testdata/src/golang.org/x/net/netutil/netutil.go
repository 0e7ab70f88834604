// Package netutil is a stub of golang.org/x/net/netutil for tests.
package netutil

import "net"

func LimitListener(l net.Listener, n int) net.Listener { return l }
