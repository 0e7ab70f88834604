package main

import (
	"context"
	"database/sql"
	"net/http"
)

// A main package's functions are its start-up path.
func Run(ctx context.Context, db *sql.DB) error {
	_, err := db.Exec("CREATE TABLE IF NOT EXISTS t (id int)") // ok
	return err
}

func serve(w http.ResponseWriter, r *http.Request, db *sql.DB) {
	db.Query("SELECT 1") // want `db.Query ignores the request's context`
}

func main() {}
