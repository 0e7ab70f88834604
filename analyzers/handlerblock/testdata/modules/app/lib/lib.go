// Package lib is in the linted module: its facts are followed.
package lib

import "time"

func Backoff() { // want Backoff:"blocks: lib.Backoff -> time.Sleep"
	time.Sleep(time.Second)
}
