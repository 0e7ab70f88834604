// Package lib is a library of another module that starts a goroutine per call.
package lib

import "os"

func work(s string) { os.Remove(s) }

func Async(s string) { go work(s) }
