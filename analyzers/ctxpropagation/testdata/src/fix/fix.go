package fix

import (
	"context"
	"database/sql"
	"net"
	"net/http"
	"os/exec"
	"time"

	"lib"
)

func work(ctx context.Context) { <-ctx.Done(); _ = ctx.Err() }

func background(ctx context.Context) {
	work(context.Background())                                       // want `context.Background\(\) ignores the caller's context: use ctx`
	tctx, cancel := context.WithTimeout(context.TODO(), time.Second) // want `context.TODO\(\) ignores the caller's context: use ctx`
	defer cancel()
	work(tctx)
}

func handler(w http.ResponseWriter, r *http.Request, db *sql.DB) {
	work(context.Background())          // want `use r.Context\(\)`
	rows, _ := db.Query("SELECT $1", 1) // want `db.Query ignores the request's context`
	_ = rows
	db.Ping()           // want `db.Ping ignores`
	tx, _ := db.Begin() // want `db.Begin ignores`
	_ = tx
	req, _ := http.NewRequest("GET", "/", nil) // want `http.NewRequest ignores`
	_ = req
}

func network(ctx context.Context, args []string) {
	net.Dial("tcp", "a:1")                     // want `net.Dial ignores`
	net.DialTimeout("tcp", "a:1", time.Second) // want `net.DialTimeout ignores`
	net.LookupIP("example.com")                // want `net.LookupIP ignores`
	exec.Command("ls", args...)                // want `exec.Command ignores`
}

func general(ctx context.Context, c *lib.Client) {
	lib.Fetch("k") // want `lib.Fetch ignores`
	c.Get("k")     // want `c.Get ignores`
	load("k")      // want `load ignores`
}

func load(key string) string { return loadContext(context.Background(), key) }
func loadContext(ctx context.Context, key string) string {
	<-ctx.Done()
	return key + ctx.Err().Error()
}
