package fix

import "context"

func Get(ctx context.Context) int {
	ch := make(chan int) // want `ch is unbuffered`
	go func() {
		ch <- 1
	}()
	select {
	case <-ctx.Done():
		return 0
	case v := <-ch:
		return v
	}
}
