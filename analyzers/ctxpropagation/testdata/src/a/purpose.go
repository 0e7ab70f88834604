package a

import (
	"context"
	"database/sql"
)

// Work that must run after the caller gave up, said by its name, a
// comment, or by running later.

type blobStore struct {
	db      *sql.DB
	onEvict func(key string)
	cron    *Cron
}

func (s *blobStore) delete(ctx context.Context, key string) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM blobs WHERE key = $1", key)
	return err
}

func (s *blobStore) upload(ctx context.Context, key string) error { <-ctx.Done(); return ctx.Err() }

// A rollback must finish even when the caller's context is done.
func (s *blobStore) rollbackUpload(ctx context.Context, key string) {
	s.delete(context.Background(), key) // ok: rolling back
}

func (s *blobStore) releaseLock(ctx context.Context, key string) error { return s.delete(ctx, key) }

func (s *blobStore) Put(ctx context.Context, key string) error {
	if err := s.upload(ctx, key); err != nil {
		s.releaseLock(context.Background(), key) // ok: the callee releases
		return err
	}
	s.delete(context.Background(), "tmp/"+key) // want `context.Background\(\) ignores the caller's context: use ctx`
	return nil
}

func (s *blobStore) cleanUpParts(ctx context.Context, key string) {
	s.db.Exec("DELETE FROM parts") // ok: cleaning up
}

func (s *blobStore) writeAuditRecord(ctx context.Context, key string) {
	s.db.Exec("INSERT INTO audit VALUES ($1)", key) // ok: an audit record
}

func (s *blobStore) migrateSchema(ctx context.Context) {
	s.db.Exec("ALTER TABLE blobs ADD COLUMN size int") // ok: a one-shot migration
}

// A comment saying why.
func (s *blobStore) finish(ctx context.Context, key string) {
	// The request may already be cancelled: the marker must be removed anyway.
	s.delete(context.Background(), key) // ok
	s.delete(context.Background(), key) // detached on purpose: outlives the request
	// TODO: pass the request's context once delete is cancellable
	s.delete(context.TODO(), key) // want `context.TODO\(\) ignores the caller's context: use ctx`
	// Delete the old key.
	s.delete(context.Background(), "old") // want `context.Background\(\) ignores the caller's context: use ctx`
}

// Cron runs its functions later, on a schedule.
type Cron struct{}

func (c *Cron) AddFunc(spec string, f func()) error { return nil }

func (s *blobStore) OnClose(f func()) {}

func runNow(f func()) { f() }

// Callbacks stored or handed to a scheduler or a hook run later, when the
// caller may be gone.
func (s *blobStore) watch(ctx context.Context) {
	s.onEvict = func(key string) {
		s.delete(context.Background(), key) // ok: stored, runs later
	}
	s.cron.AddFunc("@every 1m", func() {
		s.delete(context.Background(), "tmp") // ok: a scheduler's
	})
	s.OnClose(func() {
		s.delete(context.Background(), "lock") // ok: a hook
	})
	runNow(func() {
		s.delete(context.Background(), "now") // want `context.Background\(\) ignores the caller's context: use ctx`
	})
}

// Scheduler runs jobs later, giving each its own context, cancelled when
// the scheduler stops.
type Scheduler struct{}

func (s *Scheduler) Schedule(job func(ctx context.Context)) {}

func (s *blobStore) compact(sched *Scheduler) {
	sched.Schedule(func(ctx context.Context) {
		if ctx.Err() != nil {
			s.delete(ctx, "barrier")
			return
		}
		s.delete(context.TODO(), "barrier") // ok: the scheduler's context, not a caller's
		s.db.Query("SELECT 1")              // want `s.db.Query ignores the caller's context`
	})
}
