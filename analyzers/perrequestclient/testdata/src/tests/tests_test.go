package testfiles

import (
	"database/sql"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Quiet by default: test servers build what they like per request.
func TestReport(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		db, _ := sql.Open("postgres", "dsn")
		defer db.Close()
	}))
	defer srv.Close()
	for _, u := range []string{srv.URL} {
		(&http.Client{Transport: &http.Transport{}}).Get(u)
	}
}
