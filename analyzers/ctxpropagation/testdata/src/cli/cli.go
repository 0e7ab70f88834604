// Package cli is a command-line tool's: its commands run once.
package cli

import (
	"context"
	"database/sql"
	"net/http"
)

func queryAlerts(ctx context.Context, db *sql.DB) error {
	_, err := db.Query("SELECT * FROM alerts") // ok: a command runs once
	return err
}

func QueryAlerts(ctx context.Context, db *sql.DB) error { return queryAlerts(ctx, db) }

// A handler serves requests wherever it is declared.
func handler(w http.ResponseWriter, r *http.Request, db *sql.DB) {
	db.Query("SELECT 1") // want `db.Query ignores the request's context`
}
