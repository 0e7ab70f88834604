package exclude

import (
	"context"

	"lib"
)

// With -exclude=lib.Logger,lib.Send the logger's and Send's variants are not
// reported; Fetch still is.
func f(ctx context.Context, l *lib.Logger) {
	l.Info("m")
	lib.Send("m", 1)
	lib.Fetch("k") // want `lib.Fetch ignores the caller's context`
}
