package a

import (
	"context"
	"crypto/tls"
	"net"
	"os"
	"os/exec"
)

// The context honoured by hand: the process is interrupted when the
// context is done (CommandContext would kill it at once), the deadline is
// copied to the dialer, the connection is closed when the context is done.
func runTool(ctx context.Context, path string, stop chan struct{}) error {
	cmd := exec.Command(path) // ok: stopped by hand below
	go func() {
		select {
		case <-ctx.Done():
			cmd.Process.Signal(os.Interrupt)
		case <-stop:
		}
	}()
	return cmd.Run()
}

func dialTLS(ctx context.Context, addr string, cfg *tls.Config) (net.Conn, error) {
	var d net.Dialer
	if deadline, ok := ctx.Deadline(); ok {
		d.Deadline = deadline
	}
	return tls.DialWithDialer(&d, "tcp", addr, cfg) // ok: the deadline is copied
}

func dialUntilDone(ctx context.Context, addr string) (net.Conn, error) {
	conn, err := net.Dial("tcp", addr) // ok: closed when the context is done
	if err != nil {
		return nil, err
	}
	go func() {
		<-ctx.Done()
		conn.Close()
	}()
	return conn, nil
}

func notByHand(ctx context.Context, path string) error {
	cmd := exec.Command(path) // want `exec.Command ignores the caller's context`
	return cmd.Run()
}
