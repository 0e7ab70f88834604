package knowledge

// This file: net/http's clients and servers, and the calls by which a
// handler takes its connection over from net/http.

// DefaultClientFuncs are net/http's package-level functions that send a
// request through http.DefaultClient, which has no timeout (httptimeout).
var DefaultClientFuncs = map[string]string{
	"net/http.Get":      "sends through http.DefaultClient",
	"net/http.Head":     "sends through http.DefaultClient",
	"net/http.Post":     "sends through http.DefaultClient",
	"net/http.PostForm": "sends through http.DefaultClient",
}

// NoTimeoutServeFuncs are net/http's package-level functions that serve with
// an http.Server they build themselves, whose timeouts cannot be set: a
// client that sends headers slowly holds a connection forever (Slowloris).
var NoTimeoutServeFuncs = map[string]string{
	"net/http.ListenAndServe":    "builds an http.Server with no timeouts",
	"net/http.ListenAndServeTLS": "builds an http.Server with no timeouts",
	"net/http.Serve":             "builds an http.Server with no timeouts",
	"net/http.ServeTLS":          "builds an http.Server with no timeouts",
}

// ServerReadTimeouts are the http.Server fields of which one must be
// positive for a slow client not to hold a connection forever while it
// sends its headers: httptimeout reports a Server that sets neither, in its
// literal or later.
var ServerReadTimeouts = map[string]string{
	"ReadHeaderTimeout": "bounds the time a client may take to send the request headers: the Slowloris defence itself",
	"ReadTimeout":       "bounds reading the whole request, headers included, and stands in for ReadHeaderTimeout when that is zero",
}

// StreamingTransportTimeouts are http.Transport fields that bound a
// client's wait without a Client.Timeout: httptimeout takes a client whose
// Transport literal sets one, and no Timeout, to stream deliberately (long
// bodies, no overall deadline) and does not report it.
var StreamingTransportTimeouts = map[string]string{
	"ResponseHeaderTimeout": "bounds the wait for the response headers, so a silent server still fails, while the body may take as long as it takes",
}

// StreamingRequests are API client methods whose request is a stream that
// lives as long as its context: a log followed, events watched, a
// container's streams attached or its exit waited for. A client Timeout
// would cut the stream; its context's owner ends it. httptimeout counts
// such a request as bounded when its context comes from
// context.WithCancel and the cancel function is kept beyond the function
// that made it (stored or handed on, for a Stop to call); with only a
// deferred cancel, or no cancel at all, nothing ends a stalled stream.
var StreamingRequests = map[string]string{
	"(*github.com/docker/docker/client.Client).ContainerLogs":       "follows a container's log stream (Follow) until the context ends",
	"(*github.com/docker/docker/client.Client).ServiceLogs":         "follows a service's log stream until the context ends",
	"(*github.com/docker/docker/client.Client).TaskLogs":            "follows a task's log stream until the context ends",
	"(*github.com/docker/docker/client.Client).Events":              "streams the daemon's events until the context ends",
	"(*github.com/docker/docker/client.Client).ContainerAttach":     "attaches to a container's streams for as long as it runs",
	"(*github.com/docker/docker/client.Client).ContainerExecAttach": "attaches to an exec's streams for as long as it runs",
	"(*github.com/docker/docker/client.Client).ContainerWait":       "waits until the container stops, however long it runs",
	"(*github.com/moby/moby/client.Client).ContainerLogs":           "follows a container's log stream (Follow) until the context ends",
	"(*github.com/moby/moby/client.Client).ServiceLogs":             "follows a service's log stream until the context ends",
	"(*github.com/moby/moby/client.Client).TaskLogs":                "follows a task's log stream until the context ends",
	"(*github.com/moby/moby/client.Client).Events":                  "streams the daemon's events until the context ends",
	"(*github.com/moby/moby/client.Client).ContainerAttach":         "attaches to a container's streams for as long as it runs",
	"(*github.com/moby/moby/client.Client).ContainerExecAttach":     "attaches to an exec's streams for as long as it runs",
	"(*github.com/moby/moby/client.Client).ContainerWait":           "waits until the container stops, however long it runs",
}

// ConnTakeoverFuncs take a request's connection over from net/http (a raw
// hijack, a WebSocket upgrade). After them the handler serves the connection
// for as long as it lives, by design, and the request's context no longer
// reports the client going away. handlerblock does not report waits that
// follow them; unboundedgo reads their bare names, lower-cased, to find
// handlers that serve a connection (and so wrappers named like them count
// too), whose goroutines it treats like an accept loop's.
var ConnTakeoverFuncs = map[string]string{
	"(net/http.Hijacker).Hijack":                       "the handler owns the raw connection",
	"(*net/http.ResponseController).Hijack":            "the handler owns the raw connection",
	"(*github.com/gorilla/websocket.Upgrader).Upgrade": "WebSocket upgrade",
	"github.com/gorilla/websocket.Upgrade":             "WebSocket upgrade (deprecated form)",
	"nhooyr.io/websocket.Accept":                       "WebSocket upgrade",
	"github.com/coder/websocket.Accept":                "WebSocket upgrade (the successor of nhooyr.io/websocket)",
	"github.com/gobwas/ws.UpgradeHTTP":                 "WebSocket upgrade",
	"(github.com/gobwas/ws.HTTPUpgrader).Upgrade":      "WebSocket upgrade",
}
