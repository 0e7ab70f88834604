// Package ctxpropagation defines an Analyzer that reports code that drops
// the caller's context when one is in scope.
//
// # Analyzer ctxpropagation
//
// ctxpropagation: report code that ignores the caller's or the request's context
//
// Work done for a caller must stop when the caller gives up. A function that
// has a context (a context.Context parameter, an *http.Request, a gin, echo
// or fiber handler's context, or a local derived from them) and then calls
// context.Background(), or an API without its context-taking variant, keeps
// working for a request nobody is waiting for any more: database queries
// hold pooled connections, processes keep running, dials and lookups keep
// goroutines waiting.
//
// The analyzer reports, where a caller's context is in scope:
//
//   - context.Background() and context.TODO();
//   - calls to APIs of the curated table (database/sql's Query, QueryRow,
//     Exec, Prepare, Begin and Ping on DB, Tx and Stmt, os/exec.Command,
//     net.Dial, net.DialTimeout, net.Listen, the net.Lookup functions,
//     http.NewRequest, crypto/tls.Dial and (*tls.Conn).Handshake);
//   - calls to any function F whose package has FContext, FCtx or
//     FWithContext taking a context.Context and then F's parameters (and
//     optionally one more variadic parameter), and to any method F whose
//     type has such a method: the project's own APIs and third-party ones.
//
// It stays quiet where no caller's context is in scope (main, init,
// constructors, thin wrappers such as func F(x) { return
// FContext(context.Background(), x) }), in _test.go files unless
// -ctxpropagation.tests is set, and where dropping the context is
// deliberate: in a goroutine started with a function literal that does not
// receive the context (work meant to outlive the caller), in deferred calls
// and in callbacks run later (time.AfterFunc, context.AfterFunc): cleanup
// that must run even though the context is done; after the function has
// waited for the context to be done (<-ctx.Done(), a select case on it, if
// ctx.Err() != nil); for a context.Background() stored beyond the function
// (s.ctx, s.cancel = context.WithCancel(context.Background())), which has a
// component's lifetime; and with context.WithoutCancel(ctx), which ctxscope
// does not count as the caller's context. APIs whose
// context is for values rather than cancellation (logging with log/slog)
// and deprecated variants are excluded; -ctxpropagation.exclude adds
// packages, types or functions to that list.
//
// Suggested fixes replace context.Background() and context.TODO() with the
// context in scope (removing the context import if it becomes unused), and
// rewrite F(args) to FContext(ctx, args), or to the table's replacement
// (net.Dial(n, a) to (&net.Dialer{}).DialContext(ctx, n, a)).
package ctxpropagation
