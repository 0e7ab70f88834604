package knowledge

// This file: the context package, and the APIs whose relation to a caller's
// context the analyzers judge: what cuts a context off, what signals
// cancellation, what runs a callback after the caller is gone, and which
// context-less APIs have a context-taking variant.

// DetachingFuncs return a context deliberately separated from the caller's
// cancellation. A variable assigned from them does not carry the caller's
// context, and code using them is not failing to propagate it (ctxscope).
var DetachingFuncs = map[string]string{
	"context.WithoutCancel": "keeps values, drops cancellation: deliberate detachment",
	"context.Background":    "the root context: carries nothing from the caller",
	"context.TODO":          "the root context: carries nothing from the caller",
}

// CancelChanMethods return a channel that is closed when a request is
// cancelled: receiving from one is waiting for cancellation, and a select
// with such a case gives up when the request does (handlerblock). Besides
// these, the Done method of any type that implements context.Context counts
// (gin.Context, for one).
var CancelChanMethods = map[string]string{
	"(context.Context).Done":               "closed when the context is cancelled",
	"(net/http.CloseNotifier).CloseNotify": "the deprecated predecessor of the request's context: fires when the client goes away",
}

// LaterCallbacks run a function argument after the caller's context may be
// done, or because it is: a context.Background() or context-less call in a
// function literal passed to them is deliberate, like one in a goroutine
// (ctxpropagation).
var LaterCallbacks = map[string]string{
	"time.AfterFunc":            "runs the function after a delay, when the caller may be gone",
	"context.AfterFunc":         "runs the function because the context is done",
	"runtime.SetFinalizer":      "runs the function whenever the object is collected",
	"(*testing.common).Cleanup": "runs the function after the test, when its context is cancelled",
}

// A CtxVariant names the context-taking variant of an API that has none.
// ctxpropagation reports calls to the API where a caller's context is in
// scope.
type CtxVariant struct {
	// Rename, when set, is the variant's name in the same package (for a
	// function) or on the same receiver (for a method), taking the context
	// first and then the API's own arguments: the fix renames the call and
	// inserts the context.
	Rename string
	// Use says in messages what to call when the variant is not a rename,
	// with "$pkg" for the package's qualifier at the call and "$recv" for
	// the receiver: "(&$pkg.Dialer{}).DialContext".
	Use string
	// Fix, when set, is the replacement call for a variant that is not a
	// rename: "$pkg" and "$recv" as in Use, "$ctx" the context, "$0",
	// "$1"... the call's arguments and "$args" all of them. Empty: no
	// suggested fix (the variant returns a different type).
	Fix    string
	Reason string
}

// CtxVariants is the curated table of APIs with a context-taking variant,
// keyed by the API's full name (types.Func.FullName). Methods are listed
// for each receiver type that declares them; promoted methods resolve to
// these. The general rule (F and FContext, FCtx, FWithContext with the same
// remaining parameters) finds most of these too; the table adds the
// variants that are not renames and states why each one matters.
var CtxVariants = map[string]CtxVariant{
	// database/sql: a query outliving its request holds a connection from
	// the pool until it completes; the Context variants cancel it.
	"(*database/sql.DB).Query":      {Rename: "QueryContext", Reason: "the query runs to completion after the request is gone, holding a pooled connection"},
	"(*database/sql.DB).QueryRow":   {Rename: "QueryRowContext", Reason: "the query runs to completion after the request is gone, holding a pooled connection"},
	"(*database/sql.DB).Exec":       {Rename: "ExecContext", Reason: "the statement runs to completion after the request is gone, holding a pooled connection"},
	"(*database/sql.DB).Prepare":    {Rename: "PrepareContext", Reason: "preparing waits for a connection and the server with no way to give up"},
	"(*database/sql.DB).Ping":       {Rename: "PingContext", Reason: "waits for a connection with no way to give up"},
	"(*database/sql.DB).Begin":      {Use: "$recv.BeginTx", Fix: "$recv.BeginTx($ctx, nil)", Reason: "waits for a connection with no way to give up, and the transaction is not rolled back when the request is cancelled"},
	"(*database/sql.Tx).Query":      {Rename: "QueryContext", Reason: "the query runs to completion after the request is gone"},
	"(*database/sql.Tx).QueryRow":   {Rename: "QueryRowContext", Reason: "the query runs to completion after the request is gone"},
	"(*database/sql.Tx).Exec":       {Rename: "ExecContext", Reason: "the statement runs to completion after the request is gone"},
	"(*database/sql.Tx).Prepare":    {Rename: "PrepareContext", Reason: "preparing cannot be cancelled"},
	"(*database/sql.Tx).Stmt":       {Rename: "StmtContext", Reason: "re-preparing on the transaction's connection cannot be cancelled"},
	"(*database/sql.Stmt).Query":    {Rename: "QueryContext", Reason: "the query runs to completion after the request is gone, holding a pooled connection"},
	"(*database/sql.Stmt).QueryRow": {Rename: "QueryRowContext", Reason: "the query runs to completion after the request is gone, holding a pooled connection"},
	"(*database/sql.Stmt).Exec":     {Rename: "ExecContext", Reason: "the statement runs to completion after the request is gone, holding a pooled connection"},
	// (*sql.Conn) has only Context methods: nothing to list.

	// os/exec: CommandContext kills the process when the context is done.
	"os/exec.Command": {Rename: "CommandContext", Reason: "the process keeps running after the request is cancelled"},

	// net: dialling and resolving through a Dialer or Resolver honour the
	// context; the package functions do not. net.Listen and
	// net.ListenPacket are not listed: binding a socket waits on no peer,
	// and a server's listen address resolves locally, so
	// ListenConfig.Listen's context changes nothing.
	"net.Dial":           {Use: "(&$pkg.Dialer{}).DialContext", Fix: "(&$pkg.Dialer{}).DialContext($ctx, $args)", Reason: "connecting can take minutes and cannot be abandoned"},
	"net.DialTimeout":    {Use: "(&$pkg.Dialer{Timeout: d}).DialContext", Fix: "(&$pkg.Dialer{Timeout: $2}).DialContext($ctx, $0, $1)", Reason: "connecting cannot be abandoned when the request is cancelled"},
	"net.LookupAddr":     {Use: "$pkg.DefaultResolver.LookupAddr", Fix: "$pkg.DefaultResolver.LookupAddr($ctx, $args)", Reason: "a DNS lookup can take the resolver's full timeout"},
	"net.LookupCNAME":    {Use: "$pkg.DefaultResolver.LookupCNAME", Fix: "$pkg.DefaultResolver.LookupCNAME($ctx, $args)", Reason: "a DNS lookup can take the resolver's full timeout"},
	"net.LookupHost":     {Use: "$pkg.DefaultResolver.LookupHost", Fix: "$pkg.DefaultResolver.LookupHost($ctx, $args)", Reason: "a DNS lookup can take the resolver's full timeout"},
	"net.LookupIP":       {Use: "$pkg.DefaultResolver.LookupIP", Fix: "$pkg.DefaultResolver.LookupIP($ctx, \"ip\", $0)", Reason: "a DNS lookup can take the resolver's full timeout"},
	"net.LookupMX":       {Use: "$pkg.DefaultResolver.LookupMX", Fix: "$pkg.DefaultResolver.LookupMX($ctx, $args)", Reason: "a DNS lookup can take the resolver's full timeout"},
	"net.LookupNS":       {Use: "$pkg.DefaultResolver.LookupNS", Fix: "$pkg.DefaultResolver.LookupNS($ctx, $args)", Reason: "a DNS lookup can take the resolver's full timeout"},
	"net.LookupPort":     {Use: "$pkg.DefaultResolver.LookupPort", Fix: "$pkg.DefaultResolver.LookupPort($ctx, $args)", Reason: "a DNS lookup can take the resolver's full timeout"},
	"net.LookupSRV":      {Use: "$pkg.DefaultResolver.LookupSRV", Fix: "$pkg.DefaultResolver.LookupSRV($ctx, $args)", Reason: "a DNS lookup can take the resolver's full timeout"},
	"net.LookupTXT":      {Use: "$pkg.DefaultResolver.LookupTXT", Fix: "$pkg.DefaultResolver.LookupTXT($ctx, $args)", Reason: "a DNS lookup can take the resolver's full timeout"},
	"(*net.Dialer).Dial": {Rename: "DialContext", Reason: "connecting cannot be abandoned when the request is cancelled"},

	// net/http: a request built without a context is sent with
	// context.Background() and outlives the request that caused it.
	"net/http.NewRequest": {Rename: "NewRequestWithContext", Reason: "the outgoing request is not cancelled with the caller"},

	// crypto/tls: the handshake can stall on a silent peer.
	"crypto/tls.Dial":              {Use: "(&$pkg.Dialer{Config: config}).DialContext", Reason: "connecting and the handshake cannot be abandoned (DialContext returns a net.Conn: no automatic fix)"},
	"crypto/tls.DialWithDialer":    {Use: "(&$pkg.Dialer{NetDialer: dialer, Config: config}).DialContext", Reason: "connecting and the handshake cannot be abandoned (DialContext returns a net.Conn: no automatic fix)"},
	"(*crypto/tls.Conn).Handshake": {Rename: "HandshakeContext", Reason: "a handshake with a silent peer waits forever"},
}

// A CtxSuffix is one spelling of the general rule for context variants: F
// has a context-taking variant F+Suffix whose first parameter is a
// context.Context and whose remaining parameters are F's (a trailing
// variadic parameter of the variant's own is allowed).
type CtxSuffix struct {
	Suffix string
	Reason string
}

// CtxSuffixes are the general rule's spellings, tried in this order: the
// first F+Suffix with the right signature is the variant ctxpropagation
// suggests.
var CtxSuffixes = []CtxSuffix{
	{"Context", "the standard library's spelling (QueryContext, DialContext, CommandContext), followed by most modules"},
	{"Ctx", "the abbreviated spelling of the same convention, which some modules use"},
	{"WithContext", "net/http's NewRequestWithContext, and the XWithContext methods of generated SDK clients (aws-sdk-go v1), whose trailing options the rule allows"},
}

// CtxPropagationExclusions are APIs whose context-taking variant uses the
// context for something other than cancellation, or is no better: calling
// them where a context is in scope is not a propagation bug. An entry is a
// package path (every function and method of the package), a type
// ("log/slog.Logger": its methods) or a function's full name.
var CtxPropagationExclusions = map[string]string{
	// Logging: the context carries values for handlers (trace and request
	// IDs), not cancellation; slog.InfoContext does not stop when it is done.
	"log/slog": "logging: the context only carries values for handlers",
	// Validation: the context variant hands the context to the rules given
	// at the call (RuleWithContext, FuncCtx), which check values in memory;
	// a rule that needs the context is written with the variant anyway.
	"github.com/go-ozzo/ozzo-validation":     "validation: the context reaches only the rules given at the call, which check values in memory",
	"github.com/go-ozzo/ozzo-validation/v4":  "validation: the context reaches only the rules given at the call, which check values in memory",
	"github.com/go-playground/validator/v10": "validation: the context reaches only the registered validation functions, which check values in memory",
	// grpc.DialContext is deprecated like grpc.Dial: both yield to grpc.NewClient, which takes no context.
	"google.golang.org/grpc.Dial": "grpc.DialContext is deprecated too: use grpc.NewClient",
}
