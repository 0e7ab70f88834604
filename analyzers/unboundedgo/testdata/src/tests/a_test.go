package testfiles

import "testing"

func FanOut(names []string) {
	for range names {
		go work()
	}
}

func TestFanOut(t *testing.T) {
	FanOut([]string{"a"})
}
