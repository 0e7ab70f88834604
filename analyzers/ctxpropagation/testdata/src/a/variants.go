package a

import (
	"context"
	"crypto/tls"
	"database/sql"
	"net"
	"net/http"
	"os/exec"
	"time"
)

func queries(ctx context.Context, db *sql.DB, tx *sql.Tx, st *sql.Stmt) {
	db.Query("SELECT 1")     // want `db.Query ignores the caller's context: use db.QueryContext\(ctx, \.\.\.\)`
	db.QueryRow("SELECT 1")  // want `db.QueryRow ignores the caller's context: use db.QueryRowContext\(ctx, \.\.\.\)`
	db.Exec("DELETE")        // want `db.Exec ignores the caller's context: use db.ExecContext\(ctx, \.\.\.\)`
	db.Prepare("SELECT 1")   // want `db.Prepare ignores the caller's context: use db.PrepareContext\(ctx, \.\.\.\)`
	db.Ping()                // want `db.Ping ignores the caller's context: use db.PingContext\(ctx\)`
	db.Begin()               // want `db.Begin ignores the caller's context: use db.BeginTx\(ctx, \.\.\.\)`
	tx.Query("SELECT 1")     // want `tx.Query ignores the caller's context: use tx.QueryContext\(ctx, \.\.\.\)`
	tx.Exec("DELETE")        // want `tx.Exec ignores the caller's context: use tx.ExecContext\(ctx, \.\.\.\)`
	tx.Stmt(st)              // want `tx.Stmt ignores the caller's context: use tx.StmtContext\(ctx, \.\.\.\)`
	st.QueryRow(1)           // want `st.QueryRow ignores the caller's context: use st.QueryRowContext\(ctx, \.\.\.\)`
	db.QueryContext(ctx, "") // ok
}

// A type embedding *sql.DB: the promoted methods are sql.DB's.
type repo struct{ *sql.DB }

func (rp *repo) find(r *http.Request) {
	rp.Query("SELECT 1") // want `rp.Query ignores the request's context: use rp.QueryContext\(r.Context\(\), \.\.\.\)`
}

func network(ctx context.Context, d *net.Dialer, c *tls.Conn) {
	exec.Command("ls", "-l")                   // want `exec.Command ignores the caller's context: use exec.CommandContext\(ctx, \.\.\.\)`
	net.Dial("tcp", "a:1")                     // want `net.Dial ignores the caller's context: use \(&net.Dialer\{\}\).DialContext\(ctx, \.\.\.\)`
	net.DialTimeout("tcp", "a:1", time.Second) // want `net.DialTimeout ignores the caller's context: use \(&net.Dialer\{Timeout: d\}\).DialContext\(ctx, \.\.\.\)`
	net.Listen("tcp", ":0")                    // ok: binding a socket waits on no peer
	net.LookupHost("example.com")              // want `net.LookupHost ignores the caller's context: use net.DefaultResolver.LookupHost\(ctx, \.\.\.\)`
	net.LookupIP("example.com")                // want `net.LookupIP ignores the caller's context: use net.DefaultResolver.LookupIP\(ctx, \.\.\.\)`
	d.Dial("tcp", "a:1")                       // want `d.Dial ignores the caller's context: use d.DialContext\(ctx, \.\.\.\)`
	tls.Dial("tcp", "a:1", nil)                // want `tls.Dial ignores the caller's context: use \(&tls.Dialer\{Config: config\}\).DialContext\(ctx, \.\.\.\)`
	c.Handshake()                              // want `c.Handshake ignores the caller's context: use c.HandshakeContext\(ctx\)`
	http.NewRequest("GET", "/", nil)           // want `http.NewRequest ignores the caller's context: use http.NewRequestWithContext\(ctx, \.\.\.\)`
}
