package testfiles

import "testing"

func TestInc(t *testing.T) {
	c := &counter{}
	c.mu.Lock()
	c.Inc() // a double lock, in a test: reported only with -lockblock.tests
	c.mu.Unlock()
}
