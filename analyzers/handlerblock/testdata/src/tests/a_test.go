package testfiles

import (
	"net/http"
	"testing"
	"time"
)

// Test files are skipped by default.
func slowHandler(w http.ResponseWriter, r *http.Request) {
	time.Sleep(time.Millisecond)
}

func TestSlow(t *testing.T) {
	ch := make(chan int)
	go func() { ch <- 1 }()
	<-ch
	http.HandlerFunc(slowHandler).ServeHTTP(nil, nil)
}
