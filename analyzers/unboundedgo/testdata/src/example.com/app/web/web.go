// Package web calls helpers of its own module and of a library. // want package:`has functions that spawn`
package web

import (
	"net/http"

	"example.com/app/notify"
	"other.org/lib"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	notify.Send("x") // want `^call to notify.Send in handler Handle starts a goroutine per request that nothing waits for or bounds \(notify.Send -> go deliver at notify.go:\d+\)`
	notify.Via("y")  // the same go statement as notify.Send's: reported once, above
	notify.Sync("z")
	lib.Async("w") // another module's goroutines are its own business
}

// Not a handler: calling the helper here is not per request.
func Background() { // want Background:`spawns\(web\.Background -> notify\.Send -> go deliver\)`
	notify.Send("bg")
}
