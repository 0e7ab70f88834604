// Command cli blocks as a command may: nothing here is a request handler.
package main

import (
	"os"
	"os/signal"
	"time"

	"deep"
)

func main() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	jobs := make(chan string)
	go work(jobs)
	for _, a := range os.Args[1:] {
		jobs <- a
	}
	deep.Backoff(1)
	time.Sleep(time.Second)
	<-sig
}

func work(jobs <-chan string) {
	for j := range jobs {
		_ = deep.Retry(func() error { _ = j; return nil })
	}
}
