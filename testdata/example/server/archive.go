package server

import (
	"net/http"

	"example.com/service/store"
)

// Archive serves one archived report. Its mistakes are in helpers of package store:
// a pool opened per request, a retry that sleeps past the client's
// cancellation, and a goroutine per request.
func (s *Server) Archive(w http.ResponseWriter, r *http.Request) {
	db, err := store.Open("host=db")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer db.Close()
	if err := store.Retry(3, func() error { return db.PingContext(r.Context()) }); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	store.Notify(r.URL.Path)
}
