package knowledge

// DefaultClientFuncs are net/http's package-level functions that send a
// request through http.DefaultClient, which has no timeout.
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

// ServerReadTimeoutFields are the http.Server fields of which one must be
// positive for a slow client not to hold a connection forever while it sends
// its headers. ReadTimeout also bounds the headers' reading.
var ServerReadTimeoutFields = []string{"ReadHeaderTimeout", "ReadTimeout"}

// StreamingTransportFields are http.Transport fields that bound a client's
// wait without a Client.Timeout: a client whose transport literal sets one is
// treated as deliberately streaming (long bodies, no overall deadline).
var StreamingTransportFields = []string{"ResponseHeaderTimeout"}
