package a

import (
	"context"
	"net/http"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Work shared by every caller must not be cancelled by one of them: a
// cancelled result would be cached, or handed, to all.

type preparedCache struct {
	mu       sync.Mutex
	prepared bool
	query    string
	err      error
}

// prepare fills the cache with f's result once.
func (pc *preparedCache) prepare(f func() (string, error)) (string, error) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if !pc.prepared {
		pc.query, pc.err = f()
		pc.prepared = true
	}
	return pc.query, pc.err
}

func prepareQuery(ctx context.Context) (string, error) {
	<-ctx.Done()
	return "", ctx.Err()
}

type decider struct {
	cache preparedCache
	once  sync.Once
	group singleflight.Group
	table string
}

func (d *decider) decide(ctx context.Context) error {
	_, err := d.cache.prepare(func() (string, error) {
		return prepareQuery(context.Background()) // ok: a cache fill shared by every caller
	})
	return err
}

func (d *decider) load(ctx context.Context) {
	d.once.Do(func() {
		d.table, _ = prepareQuery(context.Background()) // ok: once for all callers
	})
}

func (d *decider) lookup(w http.ResponseWriter, r *http.Request) {
	_, _, _ = d.group.Do("k", func() (any, error) {
		return prepareQuery(context.Background()) // ok: deduplicated for every caller of the key
	})
}

// A helper that only calls the function, keeping nothing, shares nothing.
func retry(f func() (string, error)) (string, error) {
	s, err := f()
	if err != nil {
		s, err = f()
	}
	return s, err
}

func (d *decider) retried(ctx context.Context) error {
	_, err := retry(func() (string, error) {
		return prepareQuery(context.Background()) // want `context.Background\(\) ignores the caller's context: use ctx`
	})
	return err
}
