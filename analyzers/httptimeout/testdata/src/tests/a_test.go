package testfiles

import (
	"net/http"
	"testing"
)

// Test files are skipped by default.
func TestClient(t *testing.T) {
	_, _ = http.Get("http://localhost")
	_ = &http.Client{}
}
