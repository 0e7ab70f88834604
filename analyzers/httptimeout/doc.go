// Package httptimeout defines an Analyzer that reports HTTP clients and
// servers that can wait forever.
//
// # Analyzer httptimeout
//
// httptimeout: report HTTP clients and servers with no timeout
//
// An http.Client with no Timeout waits forever for a server that accepts the
// connection and then stops answering; an http.Server with neither
// ReadHeaderTimeout nor ReadTimeout lets a client that sends its headers
// slowly hold a connection, and a goroutine, forever. Under load either one
// exhausts connections, goroutines and memory.
//
// The analyzer reports:
//
//   - an http.Client built (composite literal or new) with no Timeout, or with
//     a constant Timeout <= 0, and uses of http.DefaultClient, unless every
//     request the client sends carries a context with a deadline;
//   - the package-level http.Get, http.Head, http.Post and http.PostForm,
//     which send through http.DefaultClient with no context;
//   - an http.Server built with neither ReadHeaderTimeout nor ReadTimeout
//     positive;
//   - http.ListenAndServe, http.ListenAndServeTLS, http.Serve and
//     http.ServeTLS, whose server cannot have timeouts.
//
// A client is followed from where it is built to the requests it sends:
// through variables, unexported fields, the functions of the package it is
// passed to or returned from, functions of other packages (through facts),
// and the API
// clients of other packages built from it (whose calls taking a context send
// with it). A request's context is followed back to where it is made: a
// deadline made in the same function or loop iteration counts, and so does
// one that every caller of the function passes in, and one kept in an
// unexported struct field by every value stored in it. A streaming
// request of an API client (a Docker client's ContainerLogs, Events,
// ContainerWait) counts as bounded when its context comes from
// context.WithCancel whose cancel function is kept for a Stop to call: a
// Timeout would cut the stream. A client whose
// requests carry the context that callers of an exported function pass in
// is library code, where the caller decides, and so is one sent with
// context.Background() by the context-less variant the package offers
// beside the function taking the context (Call beside CallContext): it is
// quiet unless -httptimeout.caller-context is set. A client stored in a
// field of another package's struct, or given to a setter of another
// package's value, is handed to that package, which owns its requests'
// deadlines: it is not reported.
//
// The timeout also counts when it is set after the literal: assigned to the
// variable or field holding the value, set by a function it is passed to, by
// an options loop it is handed to, or by an option or builder call named like
// a request timeout (WithTimeout) next to the one handed the client; and a
// client needs none when its Transport sets ResponseHeaderTimeout, in its
// literal, in the function that builds it, in the transport one of the
// package's round-trippers wraps, or in one assigned to the client later.
// A server listening on a constant loopback address is not reachable from
// the network and is not reported. A Timeout from a variable,
// parameter or configuration field is trusted. *http.Client values received
// as parameters are not reported: the caller owns their timeout. Test files
// are skipped unless -httptimeout.tests is set.
//
// Suggested fixes add ReadHeaderTimeout: 10 * time.Second to an http.Server
// literal, and rewrite http.ListenAndServe(addr, h) and its siblings to an
// http.Server with that timeout.
package httptimeout
