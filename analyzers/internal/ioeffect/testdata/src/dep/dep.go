package dep // want package:"ioeffect solved"

// dep has one exported function per effect, for facts.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

func Dial() (net.Conn, error) { return net.Dial("tcp", "x:1") } // want Dial:`io\(net\)`

func Get(c *http.Client, u string) error { // want Get:`io\(net\)`
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func ReadConfig(name string) ([]byte, error) { return os.ReadFile(name) } // want ReadConfig:`io\(file\)`

func Run() error { return exec.Command("true").Run() } // want Run:`io\(proc\)`

func Query(db *sql.DB) (*sql.Rows, error) { return db.Query("select 1") } // want Query:`io\(net, store\)`

func Sleep() { time.Sleep(time.Second) } // want Sleep:`io\(wait\)`

func Receive(ch chan int) int { return <-ch } // want Receive:`io\(wait\)`

func WaitAll(wg *sync.WaitGroup) { wg.Wait() } // want WaitAll:`io\(wait\)`

// Through a helper of the package.
func Through() error { // want Through:`io\(net\)`
	_, err := dial()
	return err
}

func dial() (net.Conn, error) { return net.Dial("tcp", "x:1") }

// A goroutine started by the function is part of its work.
func InGoroutine() { // want InGoroutine:`io\(file\)`
	go func() { os.Remove("x") }()
}

// Pure functions: no fact.

func Labels(m map[string]string, host string, port int) map[string]string {
	out := make(map[string]string, len(m)+1)
	for k, v := range m {
		out[strings.ToUpper(k)] = v
	}
	out["addr"] = net.JoinHostPort(host, fmt.Sprint(port))
	ip := net.ParseIP(host)
	_ = ip.String()
	return out
}

func Encode(v any) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%v", v)
	if err := json.NewEncoder(&b).Encode(v); err != nil {
		return nil, err
	}
	fmt.Fprintln(os.Stderr, "encoded")
	return json.Marshal(v)
}

func Locked(mu *sync.Mutex, m map[string]int) {
	mu.Lock()
	defer mu.Unlock()
	m["x"]++
}

func Send(ch chan int) { ch <- 1 }

func NonBlocking(ch chan int) {
	select {
	case v := <-ch:
		_ = v
	default:
	}
}

func LocalClosure(xs []int) int {
	sum := 0
	add := func(x int) { sum += x }
	for _, x := range xs {
		add(x)
	}
	return sum
}

func Wrap(err error) error { return errors.Join(err, io.EOF) }

// Streams take the kind of their argument.
func CopyConn(c net.Conn, f *os.File) { io.Copy(f, c) } // want CopyConn:`io\(net, file\)`

func WriteTo(w io.Writer) { fmt.Fprintf(w, "x") } // want WriteTo:`io\(unseen\)`

// Calls not seen.
func CallValue(f func()) { f() } // want CallValue:`io\(unseen\)`

type Remote interface {
	Fetch(ctx context.Context, id string) ([]byte, error)
	Name() string
}

func CallRemote(ctx context.Context, r Remote) { r.Fetch(ctx, "x") } // want CallRemote:`io\(unseen\)`

func CallName(r Remote) string { return r.Name() }

// An interface method that takes arguments and returns an error has the
// shape of a write to a peer; one that takes nothing is a check.
type MsgWriter interface {
	WriteMsg(code uint64, payload []byte) error
	Validate() error
}

func SendMsg(w MsgWriter) error { return w.WriteMsg(1, nil) } // want SendMsg:`io\(unseen\)`

func Check(w MsgWriter) error { return w.Validate() }

type UserStore interface {
	List() []string
}

func ListUsers(s UserStore) []string { return s.List() } // want ListUsers:`io\(store, unseen\)`

// Run until stopped.

func EventLoop(ctx context.Context, ch chan int) { // want EventLoop:`io\(wait\) forever`
	for {
		select {
		case <-ctx.Done():
			return
		case v := <-ch:
			_ = v
		}
	}
}

func ReadLoop(c net.Conn) { // want ReadLoop:`io\(net\) forever`
	buf := make([]byte, 10)
	for {
		n, err := c.Read(buf)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return
			}
			return
		}
		_ = n
	}
}

func Serve(c net.Conn) { ReadLoop(c) } // want Serve:`io\(net\) forever`

func Drain(ch chan int) { // want Drain:`io\(wait\) forever`
	for range ch {
	}
}

// Not forever: a pagination loop ends with the data, a goroutine's loop is
// not the caller's.

func Pages(c *http.Client) error { // want Pages:`io\(net\)`
	next := "x"
	for {
		resp, err := c.Get(next)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.Header.Get("Next") == "" {
			break
		}
		next = resp.Header.Get("Next")
	}
	return nil
}

func StartLoop(ch chan int) { // want StartLoop:`io\(wait\)`
	go Drain(ch)
}
