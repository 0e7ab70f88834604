package fix

import "context"

func Get(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		ch <- 1 // want `goroutine blocks forever`
	}()
	select {
	case <-ctx.Done():
		return 0
	case v := <-ch:
		return v
	}
}
