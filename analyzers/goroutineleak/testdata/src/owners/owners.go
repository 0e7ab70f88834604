package owners

import (
	"context"
	"time"
)

type DB struct{}

// A Tx owns a goroutine that waits for its context, cancelled by Rollback
// or Commit.
type Tx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (db *DB) begin(ctx context.Context) *Tx {
	ctx, cancel := context.WithCancel(ctx)
	tx := &Tx{ctx: ctx, cancel: cancel}
	go tx.awaitDone()
	return tx
}

func (tx *Tx) awaitDone() {
	<-tx.ctx.Done()
}

func (tx *Tx) Rollback() { tx.close() }
func (tx *Tx) Commit()   { tx.close() }
func (tx *Tx) close()    { tx.cancel() }
func (tx *Tx) Exec(q string) error {
	return nil
}

// Positive: the transaction is dropped.
func (db *DB) Touch(ctx context.Context) {
	db.begin(ctx) // want `db.begin returns a \*Tx whose goroutine \(started at line 20\) waits until Commit or Rollback is called, and the result is dropped`
}

// Positive: kept in a variable, used, never finished.
func (db *DB) Exec(ctx context.Context, q string) error {
	tx := db.begin(ctx) // want `tx is neither stopped nor kept`
	return tx.Exec(q)
}

// A Ticker-like owner whose stop channel Stop closes.
type Heartbeat struct {
	stop chan struct{}
}

func NewHeartbeat(d time.Duration) *Heartbeat {
	h := &Heartbeat{stop: make(chan struct{})}
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *Heartbeat) Stop() { close(h.stop) }

// Positive: one heartbeat per call, never stopped.
func Ping(addr string) {
	_ = NewHeartbeat(time.Second) // want `NewHeartbeat returns a \*Heartbeat whose goroutine \(started at line 53\) waits until Stop is called, and the result is assigned to _`
}

// Negative: stopped in a defer.
func PingOnce(addr string) {
	h := NewHeartbeat(time.Second)
	defer h.Stop()
}

// Negative: returned to the caller.
func Start() *Heartbeat {
	h := NewHeartbeat(time.Second)
	return h
}

// Negative: kept in a field.
type Conn struct{ hb *Heartbeat }

func (c *Conn) Open() {
	c.hb = NewHeartbeat(time.Second)
}

// Negative: handed to a registry method that keeps it.
type registry struct{ all []*Heartbeat }

var reg registry

func (h *Heartbeat) register() { reg.all = append(reg.all, h) }

func Tracked() {
	h := NewHeartbeat(time.Second)
	h.register()
}

// Negative: committed.
func (db *DB) Update(ctx context.Context) error {
	tx := db.begin(ctx)
	defer tx.Rollback()
	if err := tx.Exec("update"); err != nil {
		return err
	}
	tx.Commit()
	return nil
}
