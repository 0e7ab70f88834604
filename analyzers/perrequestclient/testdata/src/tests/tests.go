// Package tests checks that _test.go files are skipped by default.
package testfiles

import (
	"database/sql"
	"net/http"
)

func Report(w http.ResponseWriter, r *http.Request) {
	db, _ := sql.Open("postgres", "dsn") // want `sql.Open in handler Report`
	defer db.Close()
}
