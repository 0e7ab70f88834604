// Package lib is a library of another module that starts a goroutine per call.
package lib

func work(string) {}

func Async(s string) { go work(s) }
