package client

import (
	"net/http"
	"testing"
)

// Test files are not linted unless an analyzer's -NAME.tests flag is set.
func TestPing(t *testing.T) {
	if _, err := http.Get("http://localhost:1"); err == nil {
		t.Skip("something listens on port 1")
	}
}
