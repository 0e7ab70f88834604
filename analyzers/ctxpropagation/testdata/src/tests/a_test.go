package tests

import (
	"context"
	"database/sql"
	"testing"
)

func work(ctx context.Context) {}

// Test files are skipped by default.
func TestThing(t *testing.T) {
	ctx := t.Context()
	work(context.Background())
	var db *sql.DB
	db.Ping()
	_ = ctx
}
