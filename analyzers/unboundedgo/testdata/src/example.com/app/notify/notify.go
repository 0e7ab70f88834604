// Package notify is a helper package of the same module as web. // want package:`has functions that spawn`
package notify

import (
	"net"
	"sync"
)

func deliver(string) { net.Dial("tcp", "smtp:25") }

func Send(msg string) { // want Send:`spawns\(notify.Send -> go deliver\)`
	go deliver(msg)
}

func Via(msg string) { // want Via:`spawns\(notify.Via -> notify.Send -> go deliver\)`
	Send(msg)
}

func Sync(msg string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		deliver(msg)
	}()
	wg.Wait()
}
