package testfiles

import (
	"context"
	"database/sql"
	"testing"
)

func work(ctx context.Context) { <-ctx.Done(); _ = ctx.Err() }

// Test files are skipped by default; -ctxpropagation.tests reports the two
// findings of helper.
func helper(ctx context.Context, db *sql.DB) {
	work(context.Background())
	db.Ping()
}

func TestThing(t *testing.T) {
	helper(t.Context(), nil)
}
