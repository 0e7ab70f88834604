package httptimeout

import "strings"

// This file: the APIs the deadline rules know by name. (They belong with
// the shared knowledge tables; they are kept here until those are
// regrouped.)

// deadlineFuncs return a context with a deadline: a request carrying one
// gives up when it passes, whatever the client's Timeout.
var deadlineFuncs = map[string]string{
	"context.WithTimeout":       "the context ends after the duration",
	"context.WithDeadline":      "the context ends at the time",
	"context.WithTimeoutCause":  "the context ends after the duration",
	"context.WithDeadlineCause": "the context ends at the time",
}

// requestFuncs build or copy a request with the context argument at the
// given index: the request carries that context's deadline.
var requestFuncs = map[string]int{
	"net/http.NewRequestWithContext":  0,
	"(*net/http.Request).WithContext": 0,
	"(*net/http.Request).Clone":       0,
	"net/http.NewRequest":             -1, // the background context: no deadline
}

// clientSends are the methods of *http.Client that send a request: the
// index of the request argument, or -1 when the method builds its own with
// no context.
var clientSends = map[string]int{
	"Do":       0,
	"Get":      -1,
	"Head":     -1,
	"Post":     -1,
	"PostForm": -1,
}

// clientQuiet are the methods of *http.Client that send nothing.
var clientQuiet = map[string]bool{"CloseIdleConnections": true}

// isTimeoutOption reports whether name is that of an option or builder
// method that sets a client's overall timeout (WithTimeout,
// SetRequestTimeout): With or Set, then Timeout at the end, and none of
// the words of timeouts that do not bound a request that stalls (idle
// connections, keep-alives, dialling, handshakes, shutdown).
func isTimeoutOption(name string) bool {
	if !strings.HasSuffix(name, "Timeout") || !(strings.HasPrefix(name, "With") || strings.HasPrefix(name, "Set")) {
		return false
	}
	for _, w := range []string{"Idle", "KeepAlive", "Dial", "Connect", "Handshake", "Shutdown", "Grace"} {
		if strings.Contains(name, w) {
			return false
		}
	}
	return true
}
