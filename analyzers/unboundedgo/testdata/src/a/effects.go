// What the goroutines do, and where the collections come from: a goroutine
// with no I/O, one that lives as long as its connection or session, and
// collections that are the deployment's inventory rather than input.
package a

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
)

type Task struct {
	ARN   string
	Attrs map[string]string
}

type LabelSet map[string]string

// Building labels per task in memory (service discovery turning a page of
// API results into targets): no goroutine does I/O, nothing downstream
// grows with them.
func TasksToTargets(tasks []Task) []LabelSet {
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		targets []LabelSet
	)
	for _, task := range tasks {
		wg.Add(1)
		go func(t Task) {
			defer wg.Done()
			labels := LabelSet{"arn": t.ARN}
			for k, v := range t.Attrs {
				labels["attr_"+k] = v
			}
			mu.Lock()
			targets = append(targets, labels)
			mu.Unlock()
		}(task)
	}
	wg.Wait()
	return targets
}

// Pure work that sends its result: still in memory.
func SumAll(groups [][]int) int {
	out := make(chan int, len(groups))
	for _, g := range groups {
		go func() {
			s := 0
			for _, x := range g {
				s += x
			}
			out <- s
		}()
	}
	total := 0
	for range groups {
		total += <-out
	}
	return total
}

type MsgWriter interface {
	WriteMsg(code uint64, payload []byte) error
}

// A write through an interface that can fail is a write to a peer: one
// goroutine per message received is reported.
func AnswerPings(msgs <-chan uint64, w MsgWriter) {
	for code := range msgs {
		go w.WriteMsg(code, nil) // want `range loop over msgs starts one goroutine per value received`
	}
}

// A function value is not seen: it may do anything.
func RunAll(jobs []func()) {
	for _, j := range jobs {
		go j() // want `range loop over jobs`
	}
}

// The inventory of the system a collector watches: the nodes a cluster's
// API lists, the containers of one host, fetched over the network each
// collection interval. Their number is the deployment's, not the traffic's.

type clusterClient struct{ c *http.Client }

func (cc *clusterClient) listNodes(ctx context.Context) ([]string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", "http://master/nodes", nil)
	if err != nil {
		return nil, err
	}
	resp, err := cc.c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var nodes []string
	if err := json.NewDecoder(resp.Body).Decode(&nodes); err != nil {
		return nil, err
	}
	return nodes, nil
}

func (cc *clusterClient) nodeStats(node string) error {
	_, err := cc.c.Get("http://" + node + "/stats")
	return err
}

type Accumulator interface{ AddError(err error) }

type Collector struct{ client *clusterClient }

func (p *Collector) Gather(acc Accumulator) error {
	nodes, err := p.client.listNodes(context.Background())
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	for _, n := range nodes {
		wg.Add(1)
		go func(node string) {
			defer wg.Done()
			acc.AddError(p.client.nodeStats(node))
		}(n)
	}
	wg.Wait()
	return nil
}

// A response decoded from another service: its inventory.
func (p *Collector) GatherDecoded(acc Accumulator) {
	resp, err := http.Get("http://master/containers")
	if err != nil {
		acc.AddError(err)
		return
	}
	defer resp.Body.Close()
	var containers struct{ IDs []string }
	if err := json.NewDecoder(resp.Body).Decode(&containers); err != nil {
		acc.AddError(err)
		return
	}
	var wg sync.WaitGroup
	for _, id := range containers.IDs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acc.AddError(p.client.nodeStats(id))
		}()
	}
	wg.Wait()
}

type Volume struct{ Name string }

func (v *Volume) restore(ctx context.Context) error {
	_, err := net.Dial("tcp", v.Name+":1")
	return err
}

// The program's own state file, read back once at start-up.
func RestoreVolumes(ctx context.Context, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return
	}
	var state []*Volume
	if err := json.Unmarshal(data, &state); err != nil {
		return
	}
	var wg sync.WaitGroup
	for _, vol := range state {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vol.restore(ctx)
		}()
	}
	wg.Wait()
}

// Stored data: a repository's rows grow with what users stored.

type User struct{ Email string }

type UserStore interface {
	ListUsers(ctx context.Context) ([]User, error)
}

type Mailer struct{ users UserStore }

func (m *Mailer) notify(u User) { net.Dial("tcp", "smtp:25") }

func (m *Mailer) NotifyAll(ctx context.Context) error {
	users, err := m.users.ListUsers(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		go m.notify(u) // want `range loop over users starts one goroutine per element`
	}
	return nil
}

// A request's body is input.
func ImportHandler(w http.ResponseWriter, r *http.Request) {
	var req struct{ URLs []string }
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var wg sync.WaitGroup
	for _, u := range req.URLs {
		wg.Add(1)
		go func() { // want `range loop over req.URLs starts one goroutine per element`
			defer wg.Done()
			http.Get(u)
		}()
	}
	wg.Wait()
}

// Goroutines that live as long as something else.

type codec interface {
	ReadBatch() ([]string, error)
	Close() error
}

type rpcClient struct {
	reconnected chan codec
	readOp      chan []string
	readErr     chan error
	close       chan struct{}
}

// read serves one connection until it fails: a read loop that ends only on
// an error.
func (c *rpcClient) read(cc codec) {
	for {
		msgs, err := cc.ReadBatch()
		if err != nil {
			c.readErr <- err
			return
		}
		c.readOp <- msgs
	}
}

// One read loop per connection, started on each reconnect: a session per
// connection, not a goroutine per item.
func (c *rpcClient) dispatch() {
	for {
		select {
		case <-c.close:
			return
		case msgs := <-c.readOp:
			_ = msgs
		case cc := <-c.reconnected:
			go c.read(cc)
		}
	}
}

type zone struct {
	name     string
	shutdown chan bool
}

func transferIn(z *zone) error {
	_, err := net.Dial("tcp", z.name+":53")
	return err
}

// updateLoop refreshes a zone until it is shut down.
func updateLoop(z *zone) {
	for {
		select {
		case <-z.shutdown:
			return
		default:
		}
		if err := transferIn(z); err != nil {
			continue
		}
	}
}

func transferAndUpdate(z *zone) {
	for i := 0; i < 3; i++ {
		if transferIn(z) == nil {
			break
		}
	}
	refreshZone(z)
}

func refreshZone(z *zone) { updateLoop(z) }

// One refresher per member zone of a catalog, each running until the zone
// is removed: the zones' components, started through two calls.
func ApplyCatalog(members []string) { // want ApplyCatalog:`spawns\(a.ApplyCatalog -> go transferAndUpdate\)`
	for _, m := range members {
		z := &zone{name: m, shutdown: make(chan bool)}
		go transferAndUpdate(z)
	}
}

type conn interface {
	io.ReadWriteCloser
	RemoteAddr() net.Addr
}

type protoConn interface {
	Closed() <-chan struct{}
}

type hello struct {
	c    conn
	name string
}

type connService struct {
	conns  chan conn
	hellos chan hello
	mu     sync.Mutex
	live   map[net.Addr]bool
}

func exchangeHello(c conn) error {
	_, err := c.Write([]byte("hello"))
	return err
}

// Connections handed over by the listeners' goroutines: an accept loop one
// step removed, reported only with -accept-loops.
func (s *connService) handleConns(ctx context.Context) error {
	for {
		var c conn
		select {
		case <-ctx.Done():
			return ctx.Err()
		case c = <-s.conns:
		}
		go func() {
			if err := exchangeHello(c); err != nil {
				c.Close()
				return
			}
			s.hellos <- hello{c: c}
		}()
	}
}

func newProtoConn(c conn) protoConn { return nil }

// A watcher per established connection that waits for it to close, then
// cleans up: one per live connection, and it ends with it.
func (s *connService) handleHellos() { // want handleHellos:`spawns\(a.connService.handleHellos -> go func literal\)`
	for h := range s.hellos {
		c := h.c
		pc := newProtoConn(c)
		go func() {
			<-pc.Closed()
			s.mu.Lock()
			delete(s.live, c.RemoteAddr())
			s.mu.Unlock()
			c.Close()
		}()
	}
}
