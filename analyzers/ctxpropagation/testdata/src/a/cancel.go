package a

import (
	"context"
	"database/sql"
	"time"
)

// An unexported helper that every caller in the package gives
// context.Background(): its context can never be cancelled, so passing it
// on changes nothing.
func warmCache(db *sql.DB) {
	refresh(context.Background(), db)
}

func refreshAll(db *sql.DB) {
	refresh(context.WithValue(context.TODO(), traceKey{}, "warm"), db)
}

func refresh(ctx context.Context, db *sql.DB) {
	db.Query("SELECT 1") // ok: every caller passes context.Background() or TODO()
	reload(ctx, db)
}

// reload's only caller passes its own never-cancelled context.
func reload(ctx context.Context, db *sql.DB) {
	db.Exec("UPDATE cache") // ok
}

// Once a caller may pass a cancellable context, it is reported.
func syncRows(ctx context.Context, db *sql.DB) {
	db.Query("SELECT 1") // want `db.Query ignores the caller's context`
}

func SyncRows(ctx context.Context, db *sql.DB) { syncRows(ctx, db) }

func startSync(db *sql.DB) { syncRows(context.Background(), db) }

// A deadline can cancel: a context derived with a timeout counts.
func timedLoad(db *sql.DB) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	boundedLoad(ctx, db)
}

func boundedLoad(ctx context.Context, db *sql.DB) {
	db.Query("SELECT 1") // want `db.Query ignores the caller's context`
}

// A helper used as a value has callers that are not seen.
func asValue(ctx context.Context, db *sql.DB) {
	db.Query("SELECT 1") // want `db.Query ignores the caller's context`
}

var _ = asValue

// A local assigned only Background is as good as Background.
func viaLocal(db *sql.DB) {
	ctx := context.Background()
	localOnly(ctx, db)
}

func localOnly(ctx context.Context, db *sql.DB) {
	db.Query("SELECT 1") // ok
}
