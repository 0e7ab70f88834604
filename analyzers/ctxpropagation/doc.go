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
// The analyzer reports, where a caller's context is in scope and passing
// it would change what happens when the caller gives up:
//
//   - context.Background() and context.TODO() whose value reaches a use
//     for cancellation: a function that uses that parameter, directly or
//     through a derived context (context.WithTimeout(context.Background(),
//     d) passed to a query);
//   - calls to APIs of the curated table (database/sql's Query, QueryRow,
//     Exec, Prepare, Begin and Ping on DB, Tx and Stmt, os/exec.Command,
//     net.Dial, net.DialTimeout, the net.Lookup functions,
//     http.NewRequest, crypto/tls.Dial and (*tls.Conn).Handshake);
//   - calls to any function F whose package has FContext, FCtx or
//     FWithContext taking a context.Context and then F's parameters (and
//     optionally one more variadic parameter), and to any method F whose
//     type has such a method, when that variant uses its context: the
//     project's own APIs and third-party ones.
//
// Whether a function uses a context parameter for cancellation is computed
// by the shared helper ctxuse and carried across packages as a fact: the
// context reaches Done, Err or Deadline, a standard-library API that takes
// it (save those that read only its values, like log/slog), a function
// that uses it in turn, an interface method implemented in its package
// that uses it, or what cannot be seen (a function value, a goroutine, a
// field), which is assumed to use it. A method of an interface its package
// does not implement (a plug-in point) is not assumed to use it.
// Reading its values, logging and comparing it with nil do not count. So a
// vendored statistics library's XWithContext that reads /proc, a logger's
// DebugfCtx and a constructor whose context parameter is _ are not
// reported. Nor is context.WithTimeout(context.Background(), d) whose
// context only ends one wait on channels outside loops (a select on a
// shared notifier and ctx.Done()): the wait is bounded by d and cutting it
// short stops no work.
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
// does not count as the caller's context.
//
// It stays quiet, too, where the caller's context changes nothing: a
// context parameter of an unexported function that every call in the
// package gives context.Background() or context.TODO() (it can never be
// cancelled); code that runs once, with a caller's context (packages named
// main, cli, cmd, ctl, command(s), tools or ...ctl, packages under cli,
// tools, ...ctl, example and test-helper directories, and the actions of
// cobra, urfave/cli and kingpin commands; directories named cmd are not in
// the list, since servers keep code there); work named for running after
// the caller gave up or once (undo, rollback, release, cleanup, unlock,
// close, abort, revoke, teardown, audit, migrate in the function's or the
// callee's name); a comment on or above the line that says why; a function
// literal stored or handed to a scheduler, a timer or a hook; and a
// context honoured by hand (its Deadline copied to a dialer, or the call's
// result stopped in a case <-ctx.Done()). net.Listen and
// ListenConfig.Listen are not reported: binding a socket waits on no
// peer. Deprecated variants are excluded; -ctxpropagation.exclude adds
// packages, types or functions to that list.
//
// Suggested fixes replace context.Background() and context.TODO() with the
// context in scope (removing the context import if it becomes unused), and
// rewrite F(args) to FContext(ctx, args), or to the table's replacement
// (net.Dial(n, a) to (&net.Dialer{}).DialContext(ctx, n, a)).
package ctxpropagation
