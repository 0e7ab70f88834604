// Package store holds the data-access helpers the server calls. Each is
// harmless where it is written; the mistakes show at the call sites in the
// server's handlers, in another package, which conclint reaches through
// facts it exports for these functions.
package store

import (
	"database/sql"
	"log"
	"net/http"
	"strings"
	"time"
)

// Open opens the reports database. Called once at start-up that is right;
// called from a handler it builds a connection pool per request.
func Open(dsn string) (*sql.DB, error) {
	return sql.Open("postgres", dsn)
}

// Retry calls f until it succeeds or attempts run out, sleeping between
// attempts: it has no context to give up on.
func Retry(attempts int, f func() error) error {
	var err error
	for range attempts {
		if err = f(); err == nil {
			return nil
		}
		backoff()
	}
	return err
}

func backoff() { time.Sleep(100 * time.Millisecond) }

// Notify delivers msg in the background; nothing waits for it.
func Notify(msg string) { go deliver(msg) }

// deliver posts msg to the notification webhook.
func deliver(msg string) {
	resp, err := http.Post("http://notify.internal/hook", "text/plain", strings.NewReader(msg))
	if err != nil {
		log.Println("notify", err)
		return
	}
	resp.Body.Close()
}
