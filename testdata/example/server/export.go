package server

import (
	"context"
	"database/sql"
	"log"
	"net/http"
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

func (s *Server) warm(id string) { log.Println("warming", id) }

func audit(path string) { log.Println("exported", path) }
