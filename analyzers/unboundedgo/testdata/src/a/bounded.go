// Bounded spawning, in the shapes real code uses: nothing here is reported. // want package:`has functions that spawn`
package a

import (
	"context"
	"log"
	"net"
	"runtime"
	"sync"
	"time"

	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
	"golang.org/x/time/rate"
)

const workers = 8

type Config struct{ Workers, Parallelism int }

func constRange() { // want constRange:`spawns\(a\.constRange -> go work\)`
	for range 4 {
		go work()
	}
}

func constCount() { // want constCount:`spawns\(a\.constCount -> go work\)`
	for i := 0; i < 8; i++ {
		go work()
	}
}

func constNamed(jobs <-chan Item) { // want constNamed:`spawns\(a\.constNamed -> go func literal\)`
	for i := 0; i < workers; i++ {
		go func() {
			for j := range jobs {
				process(j)
			}
		}()
	}
}

// A fixed pool of workers fed by a channel: the fix the messages recommend.
func numCPU(items []Item) {
	jobs := make(chan Item)
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				process(j)
			}
		}()
	}
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	wg.Wait()
}

func gomaxprocs() { // want gomaxprocs:`spawns\(a\.gomaxprocs -> go work\)`
	n := runtime.GOMAXPROCS(0)
	for range n {
		go work()
	}
}

func paramCount(n int) { // want paramCount:`spawns\(a\.paramCount -> go work\)`
	for i := 0; i < n; i++ {
		go work()
	}
}

func configField(cfg Config) { // want configField:`spawns\(a\.configField -> go work\)`
	for i := 0; i < cfg.Workers; i++ {
		go work()
	}
	for range cfg.Parallelism {
		go work()
	}
}

func minBound(items []Item) { // want minBound:`spawns\(a\.minBound -> go process\)`
	n := min(len(items), 16)
	for i := range n {
		go process(items[i])
	}
}

func andBound(items []Item) { // want andBound:`spawns\(a\.andBound -> go process\)`
	for i := 0; i < 10 && i < len(items); i++ {
		go process(items[i])
	}
}

// A count we cannot trace to a length is trusted.
func untraced(total func() int) { // want untraced:`spawns\(a\.untraced -> go work\)`
	n := total()
	for i := 0; i < n; i++ {
		go work()
	}
}

type shard struct{}

func (s *shard) flush() { remote() }

func array() { // want array:`spawns\(a\.array -> go shards\[i\]\.flush\)`
	var shards [16]shard
	for i := range shards {
		go shards[i].flush()
	}
}

func arrayPtr(p *[4]int) { // want arrayPtr:`spawns\(a\.arrayPtr -> go useInt\)`
	for i := range p {
		go useInt(i)
	}
}

func sliceLiteral() { // want sliceLiteral:`spawns\(a\.sliceLiteral -> go useString\)`
	for _, name := range []string{"a", "b", "c"} {
		go useString(name)
	}
}

var backends = []string{"primary", "replica"}

func packageLiteral() { // want packageLiteral:`spawns\(a\.packageLiteral -> go useString\)`
	for _, b := range backends {
		go useString(b)
	}
}

func localLiteral() { // want localLiteral:`spawns\(a\.localLiteral -> go useString\)`
	hosts := map[string]int{"x": 1, "y": 2}
	for h := range hosts {
		go useString(h)
	}
}

func constString() { // want constString:`spawns\(a\.constString -> go useRune\)`
	for _, r := range "abc" {
		go useRune(r)
	}
}

func semaphoreChan(items []Item) {
	sem := make(chan struct{}, 8)
	for _, it := range items {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			process(it)
		}()
	}
}

func semaphoreSelect(ctx context.Context, items []Item) {
	sem := make(chan struct{}, 8)
	for _, it := range items {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		go func() {
			defer func() { <-sem }()
			process(it)
		}()
	}
}

// The token is released by a function the goroutine calls: a chan struct{}
// send is a semaphore even when the goroutine does not name the channel.
type limited struct{ sem chan struct{} }

func (l *limited) release() { <-l.sem }

func (l *limited) semaphoreField(items []Item) {
	for _, it := range items {
		l.sem <- struct{}{}
		go func() {
			defer l.release()
			process(it)
		}()
	}
}

// A pool of tokens taken before the spawn and given back by the goroutine.
func tokenPool(items []Item) {
	tokens := make(chan int, 4)
	for i := range 4 {
		tokens <- i
	}
	for _, it := range items {
		tok := <-tokens
		go func() {
			process(it)
			tokens <- tok
		}()
	}
}

// The semaphore acquired first thing in the goroutine bounds the work.
func semaphoreInside(items []Item) {
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			process(it)
		}()
	}
	wg.Wait()
}

func weighted(ctx context.Context, items []Item) error {
	sem := semaphore.NewWeighted(8)
	for _, it := range items {
		if err := sem.Acquire(ctx, 1); err != nil {
			return err
		}
		go func() {
			defer sem.Release(1)
			process(it)
		}()
	}
	return nil
}

func weightedInside(ctx context.Context, items []Item) {
	sem := semaphore.NewWeighted(8)
	for _, it := range items {
		go func() {
			if err := sem.Acquire(ctx, 1); err != nil {
				return
			}
			defer sem.Release(1)
			process(it)
		}()
	}
}

type gate struct{}

func (gate) Acquire() {}
func (gate) Release() {}

// A project's own semaphore type, recognised by its Acquire method.
func ownSemaphore(g gate, items []Item) {
	for _, it := range items {
		g.Acquire()
		go func() {
			defer g.Release()
			process(it)
		}()
	}
}

func rateLimited(ctx context.Context, lim *rate.Limiter, items []Item) {
	for _, it := range items {
		if err := lim.Wait(ctx); err != nil {
			return
		}
		go process(it)
	}
}

func errgroupLimit(ctx context.Context, ids []int) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for _, id := range ids {
		g.Go(func() error { return fetch(id) })
	}
	return g.Wait()
}

// A group owned by the caller is bounded (or not) by the caller.
func errgroupParam(g *errgroup.Group, ids []int) {
	for _, id := range ids {
		g.Go(func() error { return fetch(id) })
	}
}

func errgroupTryGo(ids []int) {
	var g errgroup.Group
	for _, id := range ids {
		if !g.TryGo(func() error { return fetch(id) }) {
			break
		}
	}
}

func concPoolLimited(items []Item) {
	p := pool.New().WithMaxGoroutines(4)
	for _, it := range items {
		p.Go(func() { process(it) })
	}
	p.Wait()
}

func concPoolLimitedLater(ids []int) error {
	p := pool.New().WithErrors()
	p = p.WithMaxGoroutines(2)
	for _, id := range ids {
		p.Go(func() error { return fetch(id) })
	}
	return p.Wait()
}

func concPoolParam(p *pool.Pool, items []Item) {
	for _, it := range items {
		p.Go(func() { process(it) })
	}
}

// Each iteration waits for its goroutine before the next.
func waitDone(items []Item) {
	for _, it := range items {
		done := make(chan struct{})
		go func() {
			defer close(done)
			process(it)
		}()
		<-done
	}
}

func waitGroupInLoop(items []Item) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(it)
		}()
		wg.Wait()
	}
}

// Batches of ten: the iteration waits every tenth time.
func batchesEvery(items []Item) {
	var wg sync.WaitGroup
	for i, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(it)
		}()
		if i%10 == 9 {
			wg.Wait()
		}
	}
	wg.Wait()
}

func batchesOuter(batches [][]Item) {
	for _, b := range batches {
		var wg sync.WaitGroup
		for _, it := range b {
			wg.Add(1)
			go func() {
				defer wg.Done()
				process(it)
			}()
		}
		wg.Wait()
	}
}

func errgroupPerIteration(ctx context.Context, batches [][]int) error {
	for _, b := range batches {
		g, _ := errgroup.WithContext(ctx)
		for _, id := range b {
			g.Go(func() error { return fetch(id) })
		}
		if err := g.Wait(); err != nil {
			return err
		}
	}
	return nil
}

// A for loop that restarts a single background goroutine after it exits.
func restart(ctx context.Context) {
	for {
		done := make(chan struct{})
		go func() {
			defer close(done)
			work()
		}()
		select {
		case <-done:
		case <-ctx.Done():
			return
		}
	}
}

func restartGroup(run func() error) {
	for {
		var g errgroup.Group
		g.Go(run)
		if err := g.Wait(); err == nil {
			return
		}
	}
}

// Paced by the clock, not driven by input.
func pacedSleep() {
	for {
		go work()
		time.Sleep(time.Minute)
	}
}

func ticker(ctx context.Context) { // want ticker:`spawns\(a\.ticker -> go work\)`
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for range t.C {
		go work()
	}
}

func tickerSelect(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			go work()
		}
	}
}

func timeAfter(ctx context.Context) {
	for ctx.Err() == nil {
		select {
		case <-time.After(time.Second):
			go work()
		case <-ctx.Done():
		}
	}
}

// Spawned once, on the way out of the loop.
func goThenReturn(ch <-chan Item) bool { // want goThenReturn:`spawns\(a\.goThenReturn -> go func literal\)`
	for it := range ch {
		if it.ID == 0 {
			go func() {
				for range ch {
				}
			}()
			return false
		}
	}
	return true
}

func goThenBreak(items []Item) { // want goThenBreak:`spawns\(a\.goThenBreak -> go process\)`
	for _, it := range items {
		if it.ID == 0 {
			go process(it)
			break
		}
	}
}

func goThenLabeledBreak(groups [][]Item) { // want goThenLabeledBreak:`spawns\(a\.goThenLabeledBreak -> go process\)`
outer:
	for _, g := range groups {
		for _, it := range g {
			if it.ID == 0 {
				go process(it)
				break outer
			}
		}
	}
}

func single() { // want single:`spawns\(a\.single -> go work\)`
	go work()
}

func acceptLoop(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
		}()
	}
}

// Components a service was configured with: fields of the receiver.
type service struct {
	backends []string
	shards   []*shard
	opts     struct{ sources []string }
}

func ping(string) { remote() }

func (s *service) fanOutBackends() {
	var wg sync.WaitGroup
	for _, b := range s.backends {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ping(b)
		}()
	}
	wg.Wait()
}

func (s *service) startSources() { // want startSources:`spawns\(a\.service\.startSources -> go ping\)`
	for _, src := range s.opts.sources {
		go ping(src)
	}
}

func (s *service) flushShards() { // want flushShards:`spawns\(a\.service\.flushShards -> go sh\.flush\)`
	shards := s.shards
	for _, sh := range shards {
		go sh.flush()
	}
}

// One long-lived goroutine per component: starting a service, not fanning out.
type informer struct{}

func (informer) Run(stop <-chan struct{}) { remote() }

func newInformer(ns string) informer { return informer{} }

func startInformers(namespaces []string, stop <-chan struct{}) { // want startInformers:`spawns\(a\.startInformers -> go inf\.Run\)`
	for _, ns := range namespaces {
		inf := newInformer(ns)
		go inf.Run(stop)
	}
}

func sendLoop(target string) { remote() }

func startSendLoops(targets []string) { // want startSendLoops:`spawns\(a\.startSendLoops -> go sendLoop\)`
	for _, t := range targets {
		go sendLoop(t)
	}
}

func watchChannel(ch chan Item) {
	for it := range ch {
		process(it)
	}
}

func startWatchers(chs []chan Item) { // want startWatchers:`spawns\(a\.startWatchers -> go watchChannel\)`
	for _, ch := range chs {
		go watchChannel(ch)
	}
	for _, ch := range chs {
		go func() {
			for {
				select {
				case it := <-ch:
					process(it)
				}
			}
		}()
	}
}

// A timer's channel held in a local, nil while disabled.
func tickerVar(ctx context.Context, enabled bool) {
	var tc <-chan time.Time
	if enabled {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		tc = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-tc:
			go work()
		}
	}
}

func keepAliveLoop(id int) { remote() }

// One long-lived goroutine per key seen on a stream: a session per key,
// bounded like an accept loop's connections.
func sessionPerKey(recv func() (int, error), running map[int]bool) {
	for {
		id, err := recv()
		if err != nil {
			return
		}
		if !running[id] {
			running[id] = true
			go keepAliveLoop(id)
		}
	}
}

func watchTopic(string) { remote() }

// A long-lived goroutine per subscription: a session per key.
func watchPerSubscription(subs <-chan string) { // want watchPerSubscription:`spawns\(a\.watchPerSubscription -> go watchTopic\)`
	for s := range subs {
		go watchTopic(s)
	}
}

// An unexported helper's parameter may be its callers' small list: trusted
// (the callers' data is not traced).
func helper(items []Item) { // want helper:`spawns\(a\.helper -> go process\)`
	for _, it := range items {
		go process(it)
	}
}

func targets() []string { return nil }

// The result of a call that cannot fail: computed or configured, trusted.
func fromInfallibleCall() { // want fromInfallibleCall:`spawns\(a\.fromInfallibleCall -> go useString\)`
	for _, t := range targets() {
		go useString(t)
	}
}

// Concurrency the user opted into, with a sequential mode for large inputs.
type smart struct{ readMethod string }

func gatherDisk(string) { remote() }

func (m *smart) Gather(devices []string) {
	for _, d := range devices {
		switch m.readMethod {
		case "concurrent":
			go gatherDisk(d)
		case "sequential":
			gatherDisk(d)
		}
	}
	for _, d := range devices {
		if m.readMethod == "concurrent" {
			go gatherDisk(d)
		} else {
			gatherDisk(d)
		}
	}
}

// At most one refresh runs at a time.
func refresh(done chan struct{}) { remote() }

func refreshLoop(reqs <-chan struct{}) {
	var done chan struct{}
	for {
		select {
		case <-reqs:
			if done == nil {
				done = make(chan struct{})
				go refresh(done)
			}
		case <-done:
			done = nil
		}
	}
}

type runner struct{ running bool }

func (r *runner) Kick(events <-chan Item) {
	for range events {
		if !r.running {
			r.running = true
			go work()
		}
	}
}

// A throttle: each iteration waits for a tick of the project's own limiter.
type limiter struct{ C chan bool }

func Throttled(lim *limiter, items []Item) {
	for _, it := range items {
		<-lim.C
		go process(it)
	}
}

// A second counter bounds the loop: at most alpha queries in flight.
const alpha = 3

func Lookup(entries []Item) { // want Lookup:`spawns\(a\.Lookup -> go process\)`
	queries := 0
	for i := 0; i < len(entries) && queries < alpha; i++ {
		queries++
		go process(entries[i])
	}
}

// The goroutines' requests go through a client that takes a semaphore slot.
type client struct{ sem chan struct{} }

func (c *client) get(id int) error {
	c.sem <- struct{}{}
	defer func() { <-c.sem }()
	return fetch(id)
}

func (c *client) details(id int) { _ = c.get(id) }

func FetchAll(c *client, ids []int) {
	for _, id := range ids {
		go func() {
			c.details(id)
		}()
	}
	for _, id := range ids {
		go c.details(id)
	}
}

// A counting loop over configuration is as trusted as a range over it.
func (s *service) pingByIndex() {
	var wg sync.WaitGroup
	for i := 0; i < len(s.backends); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ping(s.backends[i])
		}()
	}
	wg.Wait()
}

// A helper only ever called with configuration.
func pingList(names []string) { // want pingList:`spawns\(a\.pingList -> go ping\)`
	for _, n := range names {
		go ping(n)
	}
}

func (s *service) pingConfigured() { // want pingConfigured:`spawns\(a\.service\.pingConfigured -> a\.pingList -> go ping\)`
	pingList(s.backends)
}

// An event loop that starts the same work on each event carries no item of
// input to its goroutine: it is not spawning per item. (Its goroutines
// outlive the call, which the fact records for callers in handlers.)
func RefreshOnEvent(ctx context.Context, reload <-chan struct{}, refresh func()) { // want RefreshOnEvent:`spawns\(a\.RefreshOnEvent -> go refresh\)`
	for {
		select {
		case <-ctx.Done():
			return
		case <-reload:
			go refresh()
		}
	}
}

// A one-off transition inside an event loop (a state flag cleared first).
func OneOffInLoop(events <-chan Item, checkHealth func()) { // want OneOffInLoop:`spawns\(a\.OneOffInLoop -> go checkHealth\)`
	recovering := true
	for ev := range events {
		if recovering && ev.ID == 0 {
			recovering = false
			go checkHealth()
			continue
		}
		process(ev)
	}
}

// A select case that leaves the loop (return, a labelled break) stops the
// iteration: the select waits for the goroutine or ends the loop.
func SelectCaseReturn(items []Item, other <-chan Item) {
	for _, it := range items {
		done := make(chan struct{})
		go func() {
			defer close(done)
			process(it)
		}()
		select {
		case <-done:
		case <-other:
			return
		}
	}
}

func SelectCaseBreakLoop(items []Item, other <-chan Item) {
loop:
	for _, it := range items {
		done := make(chan struct{})
		go func() {
			defer close(done)
			process(it)
		}()
		select {
		case <-done:
		case <-other:
			break loop
		}
	}
}

// Spawned once: the program ends after it.
func GoThenFatal(items []Item) { // want GoThenFatal:`spawns\(a\.GoThenFatal -> go process\)`
	for _, it := range items {
		if it.ID < 0 {
			go process(it)
			log.Fatal("negative item")
		}
	}
}
