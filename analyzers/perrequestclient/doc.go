// Package perrequestclient defines an Analyzer that reports pooled clients
// (HTTP transports, database pools, gRPC, Redis and MongoDB clients) built
// on every request or on every iteration of a loop over input.
//
// # Analyzer perrequestclient
//
// perrequestclient: report connection pools built per request or per loop iteration
//
// An http.Transport, a *sql.DB, a *grpc.ClientConn, a Redis or MongoDB
// client owns a pool of connections: built once and shared, it reuses
// keep-alive connections. Built on every request, each one dials anew, keeps
// its idle connections and file descriptors until it is garbage collected
// (or forever, with background goroutines), and under load exhausts the
// file-descriptor limit and the servers' connection limits.
//
// The analyzer reports the construction of a pooled client
//
//   - in a request handler: a func(http.ResponseWriter, *http.Request)
//     function, method or literal, or a gin, echo or fiber handler;
//   - in the body of a loop whose trip count depends on input (a range over
//     a collection or channel, a counting for loop with a non-constant
//     bound), outside start-up code, when the client is dropped at the end
//     of the iteration;
//
// either directly or through a call to a function that builds one on every
// call, in this package or another (the chain of calls is given). "On
// every call" means on the function's ordinary path: not in a branch, a
// select case or a condition-only loop whose condition reads what its
// callers do not control (a field, a global, another call's result), not
// after a guard that leaves a retry loop; under a condition on a parameter,
// only for callers that pass an argument they control. All the calls of a
// package that end at the same construction are one finding, at the
// deepest call of the chain in the package, naming where it is called from.
// Loop findings say what repeats: for each element of the ranged
// collection on every call, for each value received, or on every
// iteration.
//
// Pooled-client constructors are a table (http.Transport literals, new and
// Clone; sql.Open and sql.OpenDB; grpc.Dial, DialContext and NewClient;
// go-redis NewClient and its siblings, v8 and v9; pgxpool.New; mongo.Connect;
// and others), matched by package path and name. An http.Client is reported
// only through its Transport: a client with a nil Transport shares
// http.DefaultTransport's pool and is cheap to build.
//
// It stays quiet on construction at start-up (main, init, package
// variables, constructors named New... and life-cycle functions named
// Init..., Start..., Setup... that are not handlers, command-line actions
// (a *cobra.Command, *cli.Context or *kingpin.ParseContext parameter), and
// functions called only from those); under sync.Once, sync.OnceValue or sync.OnceFunc; in the
// branch of `if x == nil` that sets x (lazy initialisation); when the client
// is stored where it outlives the call (a field of the receiver, a package
// variable, a map or cache) or returned by a factory function passed to
// another; in retry, wait and reconnection loops (the innermost loop
// decides); and for transports with DisableKeepAlives set or built for
// requests that set Close. Test files are skipped unless
// -perrequestclient.tests is set.
//
// The -perrequestclient.constructors flag adds constructors: a
// comma-separated list of full names of functions (example.com/pool.New),
// methods ((*example.com/pool.Factory).Open) or types whose literals build a
// pool (example.com/pool.Pool).
package perrequestclient
