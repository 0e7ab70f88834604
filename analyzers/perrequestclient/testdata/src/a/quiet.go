package a

import (
	"database/sql"
	"net/http"
	"net/http/httputil"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/net/http2"
	"google.golang.org/grpc"
)

// Shared clients, built at start-up.
var (
	sharedDB        *sql.DB
	sharedTransport = &http.Transport{MaxIdleConnsPerHost: 32}
	sharedClient    = &http.Client{Transport: sharedTransport, Timeout: 10 * time.Second}
	sharedRedis     = redis.NewClient(&redis.Options{Addr: "cache:6379"})
)

func UsesShared(w http.ResponseWriter, r *http.Request) {
	sharedDB.QueryRowContext(r.Context(), "SELECT 1")
	sharedClient.Get("http://backend/")
	sharedRedis.Get(r.Context(), "k")
}

// An http.Client with a nil Transport uses http.DefaultTransport's pool:
// building one per request costs an allocation, not a pool.
func NilTransport(w http.ResponseWriter, r *http.Request) {
	client := &http.Client{Timeout: 5 * time.Second}
	client.Get("http://backend/")
	c2 := http.Client{Transport: http.DefaultTransport}
	c2.Get("http://backend/")
	c3 := &http.Client{Transport: sharedTransport, CheckRedirect: nil}
	c3.Get("http://backend/")
}

// A transport that keeps no idle connections loses nothing per request.
func NoKeepAlive(w http.ResponseWriter, r *http.Request) {
	tr := &http.Transport{DisableKeepAlives: true}
	(&http.Client{Transport: tr}).Get("http://backend/")
}

type api struct {
	mu     sync.Mutex
	db     *sql.DB
	conns  map[string]*grpc.ClientConn
	cache  sync.Map
	once   sync.Once
	client *http.Client
	rdb    *redis.Client
}

// Lazily initialised field behind a nil check, under a mutex.
func (a *api) Lazy(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	if a.db == nil {
		db, err := sql.Open("postgres", dsn)
		if err != nil {
			a.mu.Unlock()
			return
		}
		a.db = db
	}
	a.mu.Unlock()
	a.db.QueryRowContext(r.Context(), "SELECT 1")
}

// sync.Once guards the construction.
func (a *api) Once(w http.ResponseWriter, r *http.Request) {
	a.once.Do(func() {
		a.client = &http.Client{Transport: &http.Transport{}}
	})
	a.client.Get("http://backend/")
}

var getClient = sync.OnceValue(func() *http.Client {
	return &http.Client{Transport: &http.Transport{}}
})

var getDB = sync.OnceValues(func() (*sql.DB, error) {
	return sql.Open("postgres", dsn)
})

func OnceValue(w http.ResponseWriter, r *http.Request) {
	getClient().Get("http://backend/")
	db, _ := getDB()
	_ = db
}

// A cache of connections per backend: built once per key, then reused.
func (a *api) PerBackend(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("backend")
	a.mu.Lock()
	conn, ok := a.conns[target]
	if !ok {
		var err error
		conn, err = grpc.Dial(target)
		if err != nil {
			a.mu.Unlock()
			return
		}
		a.conns[target] = conn
	}
	a.mu.Unlock()
	_ = conn
}

func (a *api) SyncMap(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("backend")
	if _, ok := a.cache.Load(target); !ok {
		conn, _ := grpc.Dial(target)
		a.cache.Store(target, conn)
	}
}

// Helpers called at start-up only.
func helperClient() *http.Client {
	return &http.Client{Transport: &http.Transport{}}
}

func NewAPI() *api { // want NewAPI:`builds a pooled client: a.NewAPI -> a.helperClient -> http.Transport`
	return &api{client: helperClient(), conns: map[string]*grpc.ClientConn{}}
}

// A handler that passes a shared pool on builds nothing.
func (a *api) Passes(w http.ResponseWriter, r *http.Request) {
	use(a.db)
}

func use(*sql.DB) {}

// Not handlers: the signature is not a handler's.
func notHandler(w http.ResponseWriter) {
	db, _ := sql.Open("postgres", dsn)
	_ = db
}

// Ping opens the pool at start-up only and keeps it.
func (a *api) connect() error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	a.db = db
	return nil
}

// Connection handed to a channel-based pool: kept.
var pool = make(chan *redis.Client, 8)

func Refill(w http.ResponseWriter, r *http.Request) {
	pool <- redis.NewClient(&redis.Options{})
}

// A factory handed to a resource manager, which calls it on a cache miss
// and keeps the result.
type manager struct{}

func (manager) GetResource(key string, create func() (*sql.DB, error)) (*sql.DB, error) {
	return create()
}

var resources manager

func Factory(w http.ResponseWriter, r *http.Request) {
	db, _ := resources.GetResource("main", func() (*sql.DB, error) {
		return sql.Open("postgres", dsn)
	})
	_ = db
}

// httputil.DumpRequestOut builds an http.Transport that dials a buffer:
// not a pool.
func Dump(w http.ResponseWriter, r *http.Request) {
	out, _ := httputil.DumpRequestOut(r, true)
	w.Write(out)
}

// A bridge resolves its client lazily: the nil check guards the method
// that builds and sets it (telegraf's huebridge).
type bridge struct{ client *http.Client }

func lookup() *http.Client {
	return &http.Client{Transport: &http.Transport{}}
}

func (b *bridge) resolve() {
	found := lookup()
	found.Get("https://discovery/")
	b.client = &http.Client{}
}

func (b *bridge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if b.client == nil {
		b.resolve()
	}
	b.client.Get("http://bridge/")
}

// A client handed to a cache or an atomic pointer is kept.
type lru struct{}

func (*lru) Add(key string, value any) {}

var (
	clientCache lru
	current     atomic.Pointer[http.Client]
)

func Cached(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("backend")
	conn, _ := grpc.Dial(target)
	clientCache.Add(target, conn)
}

func Reload(w http.ResponseWriter, r *http.Request) {
	current.Store(&http.Client{Transport: &http.Transport{}})
}

var warmUp = sync.OnceFunc(func() {
	sharedDB, _ = sql.Open("postgres", dsn)
})

func OnceFunc(w http.ResponseWriter, r *http.Request) {
	warmUp()
	sync.OnceFunc(func() {
		tr := &http.Transport{}
		tr.CloseIdleConnections()
	})()
}

// http2.ConfigureTransports upgrades a transport in place: no new pool.
var sharedH1 = &http.Transport{}

func H2(w http.ResponseWriter, r *http.Request) {
	t2, err := http2.ConfigureTransports(sharedH1)
	if err == nil {
		t2.ReadIdleTimeout = time.Second
	}
}

// A token cache: the construction runs only when the cached token is not
// valid (telegraf's outputs/http).
type tokenCache struct {
	token string
	valid bool
	conns map[string]*grpc.ClientConn
}

func (t *tokenCache) get() string {
	if t.valid {
		return t.token
	}
	client := &http.Client{Transport: &http.Transport{}}
	resp, err := client.Get("https://auth/token")
	if err == nil {
		resp.Body.Close()
		t.token, t.valid = "token", true
	}
	return t.token
}

func (t *tokenCache) conn(key string) *grpc.ClientConn {
	if c, ok := t.conns[key]; ok {
		return c
	}
	c, _ := grpc.Dial(key)
	c.Close()
	return nil
}

var tokens tokenCache

func Token(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(tokens.get()))
	tokens.conn("backend")
}

// A client handed to a setter is kept (telegraf's graylog).
type holder struct{ c *http.Client }

func (h *holder) httpClient() *http.Client     { return h.c }
func (h *holder) setHTTPClient(c *http.Client) { h.c = c }

var hold holder

func Setter(w http.ResponseWriter, r *http.Request) {
	if hold.httpClient() == nil {
		hold.setHTTPClient(&http.Client{Transport: &http.Transport{}})
	}
	hold.httpClient().Get("http://backend/")
}
