package knowledge

// This file: pooled clients (database handles, gRPC connections, HTTP
// transports, cache and queue clients), what builds one and what builds
// none, and where a client built once is kept. perrequestclient reads it.

// A PooledClient describes a constructor that builds a client owning a pool
// of connections: built once and shared, it reuses keep-alive connections;
// built per request, it throws them away, leaks idle connections and file
// descriptors until garbage collection, and exhausts servers under load.
type PooledClient struct {
	// Does says what one call does, for messages: "opens a new connection
	// pool". It follows the constructor's name and precedes "on every
	// request".
	Does string
	// Fix is the remedy, for messages: "open it once at start-up and share
	// the *sql.DB".
	Fix string
	// Reason is why the constructor is in the table.
	Reason string
}

// PooledClientFuncs are the functions and methods, by full name
// ("database/sql.Open", "(*net/http.Transport).Clone"), whose every call
// builds a pooled client.
var PooledClientFuncs = map[string]PooledClient{
	"(*net/http.Transport).Clone": {
		"builds a new connection pool", "build the transport once at start-up and share it",
		"the clone has its own idle-connection pool, empty and never shared"},

	"database/sql.Open": {
		"opens a new connection pool", "open it once at start-up and share the *sql.DB",
		"a *sql.DB is a connection pool meant to be long-lived and shared"},
	"database/sql.OpenDB": {
		"opens a new connection pool", "open it once at start-up and share the *sql.DB",
		"a *sql.DB is a connection pool meant to be long-lived and shared"},
	"github.com/jmoiron/sqlx.Open": {
		"opens a new connection pool", "open it once at start-up and share the *sqlx.DB",
		"wraps sql.Open: a new *sql.DB pool"},
	"github.com/jmoiron/sqlx.Connect": {
		"opens a new connection pool", "open it once at start-up and share the *sqlx.DB",
		"sql.Open and Ping: a new *sql.DB pool"},
	"github.com/jmoiron/sqlx.ConnectContext": {
		"opens a new connection pool", "open it once at start-up and share the *sqlx.DB",
		"sql.Open and Ping: a new *sql.DB pool"},
	"github.com/jmoiron/sqlx.MustConnect": {
		"opens a new connection pool", "open it once at start-up and share the *sqlx.DB",
		"sql.Open and Ping: a new *sql.DB pool"},
	"github.com/jmoiron/sqlx.MustOpen": {
		"opens a new connection pool", "open it once at start-up and share the *sqlx.DB",
		"wraps sql.Open: a new *sql.DB pool"},
	"gorm.io/gorm.Open": {
		"opens a new connection pool", "open it once at start-up and share the *gorm.DB",
		"opens a *sql.DB underneath, one pool per call"},
	"github.com/jinzhu/gorm.Open": {
		"opens a new connection pool", "open it once at start-up and share the *gorm.DB",
		"gorm v1: opens a *sql.DB underneath, one pool per call"},

	"google.golang.org/grpc.Dial": {
		"opens a new client connection", "dial once at start-up and share the *grpc.ClientConn",
		"a ClientConn holds HTTP/2 connections and a resolver and balancer; it is safe for concurrent use"},
	"google.golang.org/grpc.DialContext": {
		"opens a new client connection", "dial once at start-up and share the *grpc.ClientConn",
		"a ClientConn holds HTTP/2 connections and a resolver and balancer; it is safe for concurrent use"},
	"google.golang.org/grpc.NewClient": {
		"opens a new client connection", "create it once at start-up and share the *grpc.ClientConn",
		"a ClientConn holds HTTP/2 connections and a resolver and balancer; it is safe for concurrent use"},

	"github.com/go-redis/redis/v8.NewClient": {
		"opens a new connection pool", "create it once at start-up and share the *redis.Client",
		"a redis.Client is a connection pool"},
	"github.com/go-redis/redis/v8.NewClusterClient": {
		"opens a new connection pool", "create it once at start-up and share the *redis.ClusterClient",
		"one connection pool per cluster node"},
	"github.com/go-redis/redis/v8.NewUniversalClient": {
		"opens a new connection pool", "create it once at start-up and share the redis.UniversalClient",
		"builds a Client, ClusterClient or FailoverClient: connection pools"},
	"github.com/go-redis/redis/v8.NewFailoverClient": {
		"opens a new connection pool", "create it once at start-up and share the *redis.Client",
		"a sentinel-backed connection pool"},
	"github.com/go-redis/redis/v8.NewFailoverClusterClient": {
		"opens a new connection pool", "create it once at start-up and share the *redis.ClusterClient",
		"sentinel-backed connection pools"},
	"github.com/go-redis/redis/v8.NewRing": {
		"opens a new connection pool", "create it once at start-up and share the *redis.Ring",
		"one connection pool per shard"},
	"github.com/redis/go-redis/v9.NewClient": {
		"opens a new connection pool", "create it once at start-up and share the *redis.Client",
		"a redis.Client is a connection pool"},
	"github.com/redis/go-redis/v9.NewClusterClient": {
		"opens a new connection pool", "create it once at start-up and share the *redis.ClusterClient",
		"one connection pool per cluster node"},
	"github.com/redis/go-redis/v9.NewUniversalClient": {
		"opens a new connection pool", "create it once at start-up and share the redis.UniversalClient",
		"builds a Client, ClusterClient or FailoverClient: connection pools"},
	"github.com/redis/go-redis/v9.NewFailoverClient": {
		"opens a new connection pool", "create it once at start-up and share the *redis.Client",
		"a sentinel-backed connection pool"},
	"github.com/redis/go-redis/v9.NewFailoverClusterClient": {
		"opens a new connection pool", "create it once at start-up and share the *redis.ClusterClient",
		"sentinel-backed connection pools"},
	"github.com/redis/go-redis/v9.NewRing": {
		"opens a new connection pool", "create it once at start-up and share the *redis.Ring",
		"one connection pool per shard"},

	"github.com/jackc/pgx/v5/pgxpool.New": {
		"opens a new connection pool", "create it once at start-up and share the *pgxpool.Pool",
		"a pgxpool.Pool is a connection pool"},
	"github.com/jackc/pgx/v5/pgxpool.NewWithConfig": {
		"opens a new connection pool", "create it once at start-up and share the *pgxpool.Pool",
		"a pgxpool.Pool is a connection pool"},
	"github.com/jackc/pgx/v4/pgxpool.Connect": {
		"opens a new connection pool", "create it once at start-up and share the *pgxpool.Pool",
		"pgx v4: a pgxpool.Pool is a connection pool"},
	"github.com/jackc/pgx/v4/pgxpool.ConnectConfig": {
		"opens a new connection pool", "create it once at start-up and share the *pgxpool.Pool",
		"pgx v4: a pgxpool.Pool is a connection pool"},

	"go.mongodb.org/mongo-driver/mongo.Connect": {
		"opens a new connection pool", "connect once at start-up and share the *mongo.Client",
		"a mongo.Client holds a connection pool per server and monitoring goroutines"},
	"go.mongodb.org/mongo-driver/mongo.NewClient": {
		"builds a new connection pool", "create it once at start-up and share the *mongo.Client",
		"deprecated constructor of the same pooled mongo.Client"},
	"go.mongodb.org/mongo-driver/v2/mongo.Connect": {
		"opens a new connection pool", "connect once at start-up and share the *mongo.Client",
		"a mongo.Client holds a connection pool per server and monitoring goroutines"},

	"github.com/elastic/go-elasticsearch/v7.NewClient": {
		"builds a new connection pool", "create it once at start-up and share the *elasticsearch.Client",
		"builds its own http.Transport"},
	"github.com/elastic/go-elasticsearch/v7.NewDefaultClient": {
		"builds a new connection pool", "create it once at start-up and share the *elasticsearch.Client",
		"builds its own http.Transport"},
	"github.com/elastic/go-elasticsearch/v8.NewClient": {
		"builds a new connection pool", "create it once at start-up and share the *elasticsearch.Client",
		"builds its own http.Transport"},
	"github.com/elastic/go-elasticsearch/v8.NewDefaultClient": {
		"builds a new connection pool", "create it once at start-up and share the *elasticsearch.Client",
		"builds its own http.Transport"},
	"github.com/olivere/elastic/v7.NewClient": {
		"builds a new connection pool", "create it once at start-up and share the *elastic.Client",
		"starts sniffing and health-check goroutines; meant to live for the program"},

	"github.com/hashicorp/go-cleanhttp.DefaultPooledTransport": {
		"builds a new connection pool", "build it once at start-up and share it",
		"returns a new pooled http.Transport on every call"},
	"github.com/hashicorp/go-cleanhttp.DefaultPooledClient": {
		"builds a new connection pool", "build it once at start-up and share it",
		"returns an http.Client with a new pooled http.Transport on every call"},

	"github.com/nats-io/nats.go.Connect": {
		"opens a new server connection", "connect once at start-up and share the *nats.Conn",
		"a nats.Conn is a long-lived multiplexed connection with its own goroutines"},
	"github.com/segmentio/kafka-go.NewWriter": {
		"builds a new connection pool", "create it once at start-up and share the *kafka.Writer",
		"a kafka.Writer keeps connections and batching goroutines; it is meant to be long-lived"},
	"github.com/bradfitz/gomemcache/memcache.New": {
		"builds a new connection pool", "create it once at start-up and share the *memcache.Client",
		"a memcache.Client keeps idle connections per server"},
	"github.com/gomodule/redigo/redis.NewPool": {
		"builds a new connection pool", "create it once at start-up and share the *redis.Pool",
		"redigo's Pool is a connection pool"},
	"go.etcd.io/etcd/client/v3.New": {
		"opens a new client connection", "create it once at start-up and share the *clientv3.Client",
		"an etcd client holds a gRPC connection and keep-alive goroutines"},
	"github.com/ClickHouse/clickhouse-go/v2.Open": {
		"opens a new connection pool", "open it once at start-up and share the driver.Conn",
		"clickhouse.Open returns a pooled connection"},
	"github.com/ClickHouse/clickhouse-go/v2.OpenDB": {
		"opens a new connection pool", "open it once at start-up and share the *sql.DB",
		"returns a *sql.DB connection pool"},
}

// PooledClientTypes are the types, by full name ("net/http.Transport"),
// whose composite literal or new(T) builds a pooled client.
var PooledClientTypes = map[string]PooledClient{
	"net/http.Transport": {
		"builds a new connection pool", "build the transport once at start-up and share it",
		"a Transport caches idle keep-alive connections; a new one starts empty and its idle connections leak until collected"},
	"golang.org/x/net/http2.Transport": {
		"builds a new connection pool", "build the transport once at start-up and share it",
		"an http2.Transport keeps a pool of HTTP/2 connections"},
}

// NonPoolingTransportSwitches are fields of an http.Transport literal that,
// set to the constant true, make it keep no idle connections: such a
// transport loses nothing when it is built per request, and
// perrequestclient does not report it.
var NonPoolingTransportSwitches = map[string]string{
	"DisableKeepAlives": "each connection serves one request and is closed: the transport keeps no idle connections",
}

// NonPoolingRequestSwitches are fields of an http.Request that, set to
// the constant true, make the transport close the request's connection
// after the response: a transport built only for such requests keeps no
// idle connections, and perrequestclient does not report it.
var NonPoolingRequestSwitches = map[string]string{
	"Close": "the connection is closed after the response (Connection: close): nothing is left in the transport's pool",
}

// NonPoolingBuilders are functions that build a pooled client's type
// internally but no pool: they are never summarised as building one.
var NonPoolingBuilders = map[string]string{
	"net/http/httputil.DumpRequestOut":           "its http.Transport dials a buffer to record the request: no connection is opened or kept",
	"golang.org/x/net/http2.ConfigureTransports": "upgrades the given http.Transport in place: HTTP/2 connections live in that transport's pool",
	"golang.org/x/net/http2.ConfigureTransport":  "upgrades the given http.Transport in place: HTTP/2 connections live in that transport's pool",
}

// KeepingMethods are method-name prefixes of methods that store their
// argument for later use (sync.Map.Store, an LRU cache's Add,
// atomic.Pointer.Store, SetHTTPClient, setClient): a client handed to one is
// cached, not thrown away. A prefix matches, with its first letter in either
// case, a whole name or one followed by an upper-case letter or digit.
var KeepingMethods = map[string]string{
	"Store":          "sync.Map, atomic.Value, atomic.Pointer",
	"LoadOrStore":    "sync.Map",
	"Swap":           "sync.Map, atomic.Value, atomic.Pointer",
	"CompareAndSwap": "sync.Map, atomic.Value, atomic.Pointer",
	"Add":            "LRU caches, AddClient",
	"Set":            "caches, registries and setters (SetHTTPClient)",
	"Put":            "caches and pools",
	"Push":           "stacks and queues of clients",
	"Register":       "registries",
}

// StartupPrefixes are name prefixes of functions that run at start-up:
// constructors and life-cycle methods (Init, Start, Setup, Connect). A prefix
// matches a whole name or one followed by an upper-case letter, digit or
// underscore: NewClient, newPool, InitDB, Start; not Newsletter or Starter.
var StartupPrefixes = map[string]string{
	"New":     "constructor",
	"new":     "constructor",
	"MustNew": "constructor that panics on error",
	"mustNew": "constructor that panics on error",
	"Init":    "life-cycle: initialisation",
	"init":    "life-cycle: initialisation (initDB; init itself is the package initialiser)",
	"Setup":   "life-cycle: set-up",
	"setup":   "life-cycle: set-up",
	"Start":   "life-cycle: starts a service's background work once",
	"start":   "life-cycle: starts a service's background work once",
	"Connect": "life-cycle: connects a plugin or service at start-up (telegraf outputs)",
	"connect": "life-cycle: connects a plugin or service at start-up",
}
