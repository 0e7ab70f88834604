package server

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"time"
)

// Export writes the rows named in the request. It has the mistakes the
// other analyzers find: a pool opened per request, a dropped context, a
// sleep that ignores cancellation, and goroutines with no bound.
func (s *Server) Export(w http.ResponseWriter, r *http.Request) {
	db, err := sql.Open("postgres", "host=db")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer db.Close()
	for _, id := range strings.Split(r.URL.Query().Get("ids"), ",") {
		go s.warm(id)
	}
	rows, err := db.QueryContext(context.Background(), "SELECT body FROM reports")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer rows.Close()
	s.throttle()
	go audit(r.URL.Path)
}

func (s *Server) throttle() { time.Sleep(50 * time.Millisecond) }

// warm asks upstream to cache the report: a request per id.
func (s *Server) warm(id string) {
	if _, err := s.upstream.Fetch("/warm/" + id); err != nil {
		log.Println("warming", id, err)
	}
}

// audit appends a line to the audit log on disk.
func audit(path string) {
	f, err := os.OpenFile("/var/log/exports", os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		log.Println("audit", err)
		return
	}
	defer f.Close()
	fmt.Fprintln(f, "exported", path)
}
