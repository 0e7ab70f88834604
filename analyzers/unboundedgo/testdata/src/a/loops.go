// Loops whose trip count depends on input: every spawn here is reported.
package a

import (
	"bufio"
	"container/list"
	"context"
	"database/sql"
	"encoding/json"
	"iter"
	"net"
	"sync"
	"time"

	"github.com/sourcegraph/conc"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
)

type Item struct{ ID int }

type Request struct{ Items []Item }

// The goroutines of the fixtures talk to a peer: a goroutine that does no
// I/O is quiet (inmemory.go).
func remote()             { net.Dial("tcp", "peer:1") }
func process(Item)        { remote() }
func useString(string)    { remote() }
func useInt(int)          { remote() }
func useRune(rune)        { remote() }
func work()               { remote() }
func fetch(id int) error  { remote(); return nil }
func newItem() Item       { return Item{} }
func next() (Item, error) { return Item{}, nil }

func RangeSlice(items []Item) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() { // want `^go statement in the range loop over items starts one goroutine per element with nothing bounding how many run at once, so goroutines and downstream load grow with the input: bound it with a buffered-channel semaphore, errgroup.Group.SetLimit, golang.org/x/sync/semaphore or a fixed pool of workers fed by a channel$`
			defer wg.Done()
			process(it)
		}()
	}
	wg.Wait()
}

func RangeMap(m map[string]Item) {
	for _, it := range m {
		go process(it) // want `go statement in the range loop over m starts one goroutine per entry`
	}
}

func RangeString(s string) {
	for _, r := range s {
		go useRune(r) // want `range loop over s starts one goroutine per character`
	}
}

func RangeChan(jobs <-chan Item) {
	for j := range jobs {
		go process(j) // want `range loop over jobs starts one goroutine per value received`
	}
}

func RangeIter(seq iter.Seq[Item]) {
	for it := range seq {
		go process(it) // want `range loop over seq starts one goroutine per value`
	}
}

// A field of a parameter is the caller's data, not configuration.
func FieldOfParam(req *Request) {
	for _, it := range req.Items {
		go process(it) // want `range loop over req.Items`
	}
}

func Forever() {
	for {
		it, err := next()
		if err != nil {
			return
		}
		go process(it) // want `go statement in the for loop with no condition starts one goroutine per iteration`
	}
}

func ForCond(sc *bufio.Scanner) {
	for sc.Scan() {
		line := sc.Text()
		go useString(line) // want "the loop `for sc.Scan\\(\\)` starts one goroutine per iteration"
	}
}

func LinkedList(l *list.List) {
	for e := l.Front(); e != nil; e = e.Next() {
		go process(e.Value.(Item)) // want "the loop `for e := l.Front\\(\\); e != nil; e = e.Next\\(\\)`"
	}
}

func Counting(ids []int) {
	for i := 0; i < len(ids); i++ {
		go useInt(ids[i]) // want "the loop `for i := 0; i < len\\(ids\\); i\\+\\+` starts one goroutine per iteration"
	}
}

func CountingVar(ids []int) {
	n := len(ids)
	for i := 0; i < n; i++ {
		go useInt(ids[i]) // want "the loop `for i := 0; i < n; i\\+\\+`"
	}
}

func CountingDown(ids []int) {
	for i := len(ids) - 1; i >= 0; i-- {
		go useInt(ids[i]) // want "the loop `for i := len\\(ids\\) - 1; i >= 0; i--`"
	}
}

func RangeLen(ids []int) {
	for i := range len(ids) {
		go useInt(ids[i]) // want "the loop `for range len\\(ids\\)`"
	}
}

func ContainerLen(l *list.List) {
	for i := 0; i < l.Len(); i++ {
		go useInt(i) // want "the loop `for i := 0; i < l.Len\\(\\); i\\+\\+`"
	}
}

func SelectLoop(ctx context.Context, events <-chan Item) {
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-events:
			go process(ev) // want `go statement in the select loop receiving from events starts one goroutine per value received`
		}
	}
}

func ErrgroupNoLimit(ctx context.Context, ids []int) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error { return fetch(id) }) // want `^g.Go in the range loop over ids starts one goroutine per element and g has no limit, so goroutines and downstream load grow with the input: call g.SetLimit\(n\) on it before the loop$`
	}
	return g.Wait()
}

func ErrgroupVar(ids []int) error {
	var g errgroup.Group
	for _, id := range ids {
		g.Go(func() error { return fetch(id) }) // want `g.Go in the range loop over ids`
	}
	return g.Wait()
}

func WaitGroupGo(items []Item) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Go(func() { process(it) }) // want `^wg.Go in the range loop over items starts one goroutine per element with nothing bounding`
	}
	wg.Wait()
}

func ConcWaitGroup(items []Item) {
	var wg conc.WaitGroup
	for _, it := range items {
		wg.Go(func() { process(it) }) // want `wg.Go in the range loop over items`
	}
	wg.Wait()
}

func ConcPool(items []Item) {
	p := pool.New()
	for _, it := range items {
		p.Go(func() { process(it) }) // want `^p.Go in the range loop over items starts one goroutine per element and pool p has no limit, so goroutines and downstream load grow with the input: build it with WithMaxGoroutines\(n\)$`
	}
	p.Wait()
}

func ConcErrorPool(ids []int) error {
	p := pool.New().WithErrors()
	for _, id := range ids {
		p.Go(func() error { return fetch(id) }) // want `p.Go in the range loop over ids`
	}
	return p.Wait()
}

func ConcResultPool(ids []int) []int {
	p := pool.NewWithResults[int]()
	for _, id := range ids {
		p.Go(func() int { useInt(id); return id }) // want `p.Go in the range loop over ids`
	}
	return p.Wait()
}

// A constant inner loop inside an input-driven one is still one batch per element.
func Nested(groups [][]Item) {
	for _, g := range groups {
		for range 3 {
			go process(g[0]) // want `range loop over groups`
		}
	}
}

func AfterContinue(items []Item) {
	for _, it := range items {
		if it.ID == 0 {
			continue
		}
		go process(it) // want `range loop over items`
	}
}

// Sending each item to a data channel the goroutine does not use is not a semaphore.
func SendNotToken(items []Item, out chan Item) {
	for _, it := range items {
		out <- it
		go process(it) // want `range loop over items`
	}
}

// A receive from a channel the goroutine does not mention does not wait for it.
func ReceiveUnrelated(items []Item, ready <-chan bool) {
	for _, it := range items {
		go process(it) // want `range loop over items`
		<-ready
	}
}

// A non-blocking receive does not wait.
func SelectDefault(items []Item) {
	for _, it := range items {
		done := make(chan struct{})
		go func() { // want `range loop over items`
			defer close(done)
			process(it)
		}()
		select {
		case <-done:
		default:
		}
	}
}

// The goroutine sends its result and returns: a result channel is not a semaphore.
func ResultsNotSemaphore(items []Item) {
	results := make(chan int, len(items))
	for _, it := range items {
		go func() { // want `range loop over items`
			process(it)
			results <- it.ID
		}()
	}
	for range items {
		<-results
	}
}

// A break in a switch does not leave the loop.
func BreakInSwitch(items []Item) {
	for _, it := range items {
		switch it.ID {
		case 1:
			go process(it) // want `range loop over items`
			break
		}
	}
}

// A ticker case in an event loop's select does not pace the other cases.
func EventLoopWithTicker(ctx context.Context, events <-chan Item) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			work()
		case ev := <-events:
			go process(ev) // want `go statement in the select loop receiving from events`
		}
	}
}

// Receiving results in one case of an event loop does not wait for the
// goroutine started in another.
func EventLoopResults(jobs <-chan Item) {
	results := make(chan int)
	for {
		select {
		case r := <-results:
			useInt(r)
		case j := <-jobs:
			go func() { process(j); results <- j.ID }() // want `go statement in the select loop receiving from jobs`
		}
	}
}

// Passing data through a channel inside the goroutine is not taking a token.
func Relay(items []Item, pipe chan Item) {
	for _, it := range items {
		go func() { // want `range loop over items`
			pipe <- it
			process(<-pipe)
		}()
	}
}

// load reads stored data: what it returns grows with what users stored.
func load(ctx context.Context) ([]Item, error) {
	rows, err := db.QueryContext(ctx, "select id from items")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []Item
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.ID); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, rows.Err()
}

var db *sql.DB

// Stored data, fetched by a call that can fail, is input, in any function.
func fetched(ctx context.Context) error {
	items, err := load(ctx)
	if err != nil {
		return err
	}
	for _, it := range items {
		go process(it) // want `range loop over items`
	}
	return nil
}

type batch struct{ Items []Item }

// Data decoded from input bytes is input.
func Decoded(data []byte) error {
	var b batch
	if err := json.Unmarshal(data, &b); err != nil {
		return err
	}
	for _, it := range b.Items {
		go process(it) // want `range loop over b.Items`
	}
	return nil
}

// Filtered, appended and sliced input is still input.
func derived(ctx context.Context) {
	all, _ := load(ctx)
	var todo []Item
	for _, it := range all {
		if it.ID > 0 {
			todo = append(todo, it)
		}
	}
	for _, it := range todo[1:] {
		go process(it) // want `range loop over todo\[1:\]`
	}
	for i := 0; i < len(todo); i++ {
		go process(todo[i]) // want "the loop `for i := 0; i < len\\(todo\\); i\\+\\+`"
	}
}

// A callback's parameter is what its caller hands over: input.
func Subscribe(handle func(func(msgs []Item))) {
	handle(func(msgs []Item) {
		for _, m := range msgs {
			go process(m) // want `range loop over msgs`
		}
	})
}

func listPages(id int) []Item {
	var all []Item
	for page := 0; ; page++ {
		if page > id {
			break
		}
		all = append(all, Item{ID: page})
	}
	return all
}

// A goroutine that pages through results is short-lived work, not a
// component's event loop.
func Paginated(ids []int) {
	for _, id := range ids {
		go func() { // want `range loop over ids`
			for _, it := range listPages(id) {
				process(it)
			}
		}()
	}
}

// An unexported helper's parameter is input when a caller passes it input.
func fanOut(items []Item) {
	for _, it := range items {
		go process(it) // want `range loop over items`
	}
}

func fanOutTwice(items []Item) { fanOut(items[1:]) }

func Sync(ctx context.Context) error {
	items, err := load(ctx)
	if err != nil {
		return err
	}
	fanOutTwice(items)
	return nil
}

// An argument computed at the spawn carries the iteration's item.
func ReceiveInArgument(events <-chan Item) {
	for {
		go process(<-events) // want `for loop with no condition starts one goroutine per iteration`
	}
}

func CallInArgument(sc *bufio.Scanner) {
	for sc.Scan() {
		go useString(sc.Text()) // want "the loop `for sc.Scan\\(\\)`"
	}
}

// OneLoopManySpawns starts several goroutines per element: one loop, one
// finding, at its first go statement.
func OneLoopManySpawns(items []Item) {
	for _, it := range items {
		go process(it) // want `go statement in the range loop over items starts one goroutine per element`
		go process(it)
		go func() {
			process(it)
		}()
	}
}

// TwoLoops are two findings: one per loop.
func TwoLoops(items []Item) {
	for _, it := range items {
		go process(it) // want `range loop over items starts one goroutine per element`
	}
	for _, it := range items {
		go process(it) // want `range loop over items starts one goroutine per element`
	}
}

// A break in a select case leaves the select, not the loop (control.Leaves):
// the case does not stop the iteration, so the select does not wait for the
// goroutine, with the break (SelectCaseBreak) as without it
// (SelectCaseNoBreak). The break once made the first quiet.
func SelectCaseBreak(items []Item, other <-chan Item) {
	for _, it := range items {
		done := make(chan struct{})
		go func() { // want `range loop over items`
			defer close(done)
			process(it)
		}()
		select {
		case <-done:
		case <-other:
			break
		}
	}
}

func SelectCaseNoBreak(items []Item, other <-chan Item) {
	for _, it := range items {
		done := make(chan struct{})
		go func() { // want `range loop over items`
			defer close(done)
			process(it)
		}()
		select {
		case <-done:
		case <-other:
		}
	}
}

// After a continue of the outer loop the spawn runs once per group, not
// once per item: the outer loop is the one reported.
func ContinueOuter(groups [][]Item) {
outer:
	for _, g := range groups {
		for _, it := range g {
			if it.ID == 0 {
				go process(it) // want `range loop over groups`
				continue outer
			}
		}
	}
}

// A goto to a label inside the loop does not leave it.
func GotoInsideLoop(items []Item) {
	for _, it := range items {
	retry:
		if it.ID < 0 {
			go process(it) // want `range loop over items`
			it.ID++
			goto retry
		}
	}
}

// A count that is the larger of a length and a constant grows with the
// data; the smaller of the two is bounded (a.bounded's min).
func MaxOfLength(items []Item) {
	for i := range max(len(items), 4) {
		go process(items[i%len(items)]) // want `go statement in the loop .for range max\(len\(items\), 4\). starts one goroutine per iteration`
	}
}
