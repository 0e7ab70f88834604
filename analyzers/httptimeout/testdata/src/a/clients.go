package a

import (
	"net/http"
	"time"
)

type config struct{ Timeout time.Duration }

type api struct {
	client *http.Client
	hc     http.Client
}

// Positives.

var pkgClient = &http.Client{} // want `http.Client built with no Timeout waits forever on a server that stops responding: set Timeout`

func literal() *http.Client {
	return &http.Client{} // want `http.Client built with no Timeout`
}

func valueLiteral() {
	c := http.Client{Transport: http.DefaultTransport} // want `http.Client built with no Timeout`
	_ = c
}

func withNew() *http.Client {
	c := new(http.Client) // want `http.Client built with no Timeout`
	return c
}

func zeroTimeout() *http.Client {
	return &http.Client{Timeout: 0} // want `http.Client with a Timeout of zero has no timeout`
}

const none = 0

func zeroConstTimeout() *http.Client {
	return &http.Client{Timeout: none * time.Second} // want `http.Client with a Timeout of zero`
}

type service struct{ http *http.Client }

func inStruct() *service {
	return &service{http: &http.Client{}} // want `http.Client built with no Timeout`
}

// The field api.client gets its Timeout in fieldAssignedLater: a literal
// stored in that field anywhere in the package is trusted.
func inStructAssignedElsewhere() *api {
	return &api{client: &http.Client{}}
}

func transportWithoutHeaderTimeout() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConns: 10}} // want `http.Client built with no Timeout`
}

func zeroAssignedLater() *http.Client {
	c := &http.Client{} // want `http.Client built with no Timeout`
	c.Timeout = 0
	return c
}

func defaultClient(req *http.Request) {
	_, _ = http.DefaultClient.Do(req) // want `http.DefaultClient has no timeout and waits forever on a server that stops responding: use an http.Client with Timeout set`
}

func defaultClientStored() *api {
	return &api{client: http.DefaultClient} // want `http.DefaultClient has no timeout`
}

func defaultClientFallback(c *http.Client) *http.Client {
	if c == nil {
		c = http.DefaultClient // want `http.DefaultClient has no timeout`
	}
	return c
}

func packageFuncs() {
	_, _ = http.Get("http://example.com")                  // want `http.Get uses http.DefaultClient, which has no timeout: use an http.Client with Timeout set`
	_, _ = http.Head("http://example.com")                 // want `http.Head uses http.DefaultClient`
	_, _ = http.Post("http://example.com", "text/plain", nil) // want `http.Post uses http.DefaultClient`
	_, _ = http.PostForm("http://example.com", nil)        // want `http.PostForm uses http.DefaultClient`
}

// Negatives: idiomatic code that must stay quiet.

var goodPkgClient = &http.Client{Timeout: 10 * time.Second}

func withTimeout() *http.Client {
	return &http.Client{Timeout: 30 * time.Second}
}

func timeoutFromConfig(cfg config) *http.Client {
	return &http.Client{Timeout: cfg.Timeout}
}

func timeoutFromParam(d time.Duration) *http.Client {
	return &http.Client{Timeout: d}
}

func timeoutAssignedLater() *http.Client {
	c := &http.Client{}
	c.Timeout = 5 * time.Second
	return c
}

func newAssignedLater() *http.Client {
	c := new(http.Client)
	c.Timeout = 5 * time.Second
	return c
}

func fieldAssignedLater(a *api) {
	a.client = &http.Client{}
	a.client.Timeout = time.Minute
}

func valueFieldAssignedLater(a *api) {
	a.hc = http.Client{}
	a.hc.Timeout = time.Minute
}

var initClient = &http.Client{}

func init() { initClient.Timeout = time.Minute }

func streaming() *http.Client {
	return &http.Client{Transport: &http.Transport{ResponseHeaderTimeout: 10 * time.Second}}
}

// A client received from the caller is the caller's business.
func useParam(c *http.Client, req *http.Request) {
	_, _ = c.Do(req)
}

func compareDefault(c *http.Client) bool {
	return c == http.DefaultClient || c != http.DefaultClient
}

func setDefaultTimeout() {
	http.DefaultClient.Timeout = 10 * time.Second
}

func clientMethods(req *http.Request) {
	c := &http.Client{Timeout: time.Second}
	_, _ = c.Get("http://example.com")
	_, _ = c.Do(req)
}

func zeroValueVar() {
	var c http.Client // a zero value declared, not built: not reported (see docs)
	_ = c
}

type wrapper struct{ http.Client }

func embedded() *wrapper {
	return &wrapper{Client: http.Client{Timeout: time.Second}}
}

func suppressed() *http.Client {
	//conclint:ignore httptimeout every request carries a deadline from the caller's context
	return &http.Client{}
}

func suppressedSameLine() *http.Client {
	return &http.Client{} //conclint:ignore httptimeout long polling, bounded by ctx
}

func staleDirective() *http.Client {
	//conclint:ignore httptimeout the timeout is set below // want `conclint:ignore directive suppresses no httptimeout finding: remove httptimeout from it`
	return &http.Client{Timeout: time.Second}
}

func directiveWithoutReason() *http.Client {
	return &http.Client{} /* want `http.Client built with no Timeout` `malformed conclint:ignore directive: it needs a reason` */ //conclint:ignore httptimeout
}

func otherAnalyzersDirective() *http.Client {
	//conclint:ignore handlerblock not ours, so neither used nor stale for httptimeout
	return &http.Client{Timeout: time.Second}
}
