// Package lib is a third-party library with context-taking variants, for
// the general rule across packages. A variant is reported only when it uses
// its context for cancellation (ctxuse's fact says so).
package lib

import (
	"context"
	"log/slog"
	"os"
	"time"
)

// Fetch is the thin compatibility wrapper: it has no context to pass.
func Fetch(key string) (string, error) { return FetchContext(context.Background(), key) }

func FetchContext(ctx context.Context, key string) (string, error) {
	<-ctx.Done()
	return key, ctx.Err()
}

func Send(msg string, n int) error                         { return nil }
func SendCtx(ctx context.Context, msg string, n int) error { <-ctx.Done(); return ctx.Err() }

func Put(key string) error { return nil }

// PutWithContext has an extra trailing variadic parameter, like AWS's
// request options.
func PutWithContext(ctx context.Context, key string, opts ...func()) error {
	<-ctx.Done()
	return nil
}

// Mismatch's variant takes different parameters: not a variant.
func Mismatch(key string) error                          { return nil }
func MismatchContext(ctx context.Context, key int) error { <-ctx.Done(); return ctx.Err() }

// NotFirst's context is not first: not a variant.
func NotFirst(key string) error                             { return nil }
func NotFirstContext(key string, ctx context.Context) error { <-ctx.Done(); return ctx.Err() }

func unexported(key string) error                             { return nil }
func unexportedContext(ctx context.Context, key string) error { <-ctx.Done(); return ctx.Err() }

// Client has methods with variants.
type Client struct{}

func (c *Client) Get(key string) string { return key }
func (c *Client) GetContext(ctx context.Context, key string) string {
	select {
	case <-ctx.Done():
		return ""
	case <-time.After(time.Second):
	}
	return key
}

// Store is an interface with a variant; its implementation here waits on
// the context.
type Store interface {
	Load(key string) ([]byte, error)
	LoadContext(ctx context.Context, key string) ([]byte, error)
}

type remoteStore struct{}

func (remoteStore) Load(key string) ([]byte, error) {
	return remoteStore{}.LoadContext(context.Background(), key)
}

func (remoteStore) LoadContext(ctx context.Context, key string) ([]byte, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// NewStore returns the package's Store.
func NewStore() Store { return remoteStore{} }

// Cache is a plug-in point: the package has no implementation of it, the
// program plugs one in. What its variant does is not seen.
type Cache interface {
	Get(key string) ([]byte, error)
	GetContext(ctx context.Context, key string) ([]byte, error)
}

// Handler is where Logger sends its records: an interface, so the analyzer
// cannot see that its context carries only values.
type Handler interface {
	Handle(ctx context.Context, msg string)
}

// Logger's context variant hands the context to a Handler, whose
// implementation here ships records over the network and gives up when the
// context ends: it is reported unless excluded (-ctxpropagation.exclude).
type Logger struct{ h Handler }

type netHandler struct{}

func (netHandler) Handle(ctx context.Context, msg string) { <-ctx.Done() }

// NewLogger returns a Logger shipping to the network.
func NewLogger() *Logger { return &Logger{h: netHandler{}} }

func (l *Logger) Info(msg string)                             { l.h.Handle(context.Background(), msg) }
func (l *Logger) InfoContext(ctx context.Context, msg string) { l.h.Handle(ctx, msg) }

// The shape of a vendored system-statistics library: the variants read
// /proc and never look at their context.
func Times(percpu bool) ([]string, error) { return TimesWithContext(context.Background(), percpu) }

func TimesWithContext(ctx context.Context, percpu bool) ([]string, error) {
	_, err := os.ReadFile("/proc/stat")
	return nil, err
}

type Process struct{ Pid int32 }

func NewProcess(pid int32) (*Process, error) {
	return NewProcessWithContext(context.Background(), pid)
}

func NewProcessWithContext(ctx context.Context, pid int32) (*Process, error) {
	p := &Process{Pid: pid}
	_, err := os.Stat(hostProc(ctx, "self"))
	return p, err
}

func (p *Process) MemoryInfo() (int, error) { return p.MemoryInfoWithContext(context.Background()) }

func (p *Process) MemoryInfoWithContext(ctx context.Context) (int, error) {
	b, err := os.ReadFile(hostProc(ctx, "statm"))
	return len(b), err
}

type envKey struct{}

// hostProc reads an override from the context's values only.
func hostProc(ctx context.Context, name string) string {
	if v, ok := ctx.Value(envKey{}).(string); ok {
		return v + "/" + name
	}
	return "/proc/" + name
}

// The shape of a logging package with context variants that attribute the
// record to the context's values: Debugf and DebugfCtx.
func Debugf(o any, format string, args ...any) {
	logf(context.Background(), o, format, args...)
}

func DebugfCtx(ctx context.Context, o any, format string, args ...any) {
	logf(ctx, o, format, args...)
}

type configKey struct{}

func logf(ctx context.Context, o any, format string, args ...any) {
	if ctx.Value(configKey{}) == nil {
		return
	}
	slog.Default().Log(ctx, slog.LevelDebug, format, args...)
}

// The shape of generated API clients: the params carry the context to the
// transport, which uses it.
type GetParams struct{ Context context.Context }

func NewGetParams() *GetParams { return NewGetParamsWithContext(context.Background()) }

func NewGetParamsWithContext(ctx context.Context) *GetParams { return &GetParams{Context: ctx} }

// Breaker is a circuit breaker whose context variant only checks, at the
// call, whether the context is already done; NewBreaker returns the
// package's own implementation behind it.
type Breaker interface {
	Allow() error
	AllowCtx(ctx context.Context) error
}

func NewBreaker() Breaker { return &breaker{} }

type breaker struct{ open bool }

func (b *breaker) Allow() error {
	if b.open {
		return os.ErrDeadlineExceeded
	}
	return nil
}

func (b *breaker) AllowCtx(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		return b.Allow()
	}
}
