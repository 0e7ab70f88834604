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
//     a constant Timeout <= 0, unless the same variable or field has its
//     Timeout assigned elsewhere in the package, or its Transport is an
//     http.Transport literal that sets ResponseHeaderTimeout (a streaming
//     client bounded per response);
//   - uses of http.DefaultClient (calling its methods, storing it), and the
//     package-level http.Get, http.Head, http.Post and http.PostForm, which
//     use it;
//   - an http.Server built with neither ReadHeaderTimeout nor ReadTimeout
//     positive, unless one is assigned elsewhere in the package;
//   - http.ListenAndServe, http.ListenAndServeTLS, http.Serve and
//     http.ServeTLS, whose server cannot have timeouts.
//
// A Timeout from a variable, parameter or configuration field is trusted.
// *http.Client values received as parameters are not reported: the caller
// owns their timeout. Test files are skipped unless -httptimeout.tests is set.
//
// Suggested fixes add ReadHeaderTimeout: 10 * time.Second to an http.Server
// literal, and rewrite http.ListenAndServe(addr, h) and its siblings to an
// http.Server with that timeout.
package httptimeout
