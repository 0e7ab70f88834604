package knowledge

// This file: calls that never return to their caller. control.Leaves
// treats them like a return: a loop whose body ends in log.Fatal does not
// run again.

// NoReturnFuncs end the goroutine or the program instead of returning (the
// builtin panic is recognised on its own). Keys are types.Func.FullName.
var NoReturnFuncs = map[string]string{
	"os.Exit":               "ends the program",
	"runtime.Goexit":        "ends the calling goroutine after its deferred calls",
	"log.Fatal":             "logs, then calls os.Exit(1)",
	"log.Fatalf":            "logs, then calls os.Exit(1)",
	"log.Fatalln":           "logs, then calls os.Exit(1)",
	"log.Panic":             "logs, then panics",
	"log.Panicf":            "logs, then panics",
	"log.Panicln":           "logs, then panics",
	"(*log.Logger).Fatal":   "logs, then calls os.Exit(1)",
	"(*log.Logger).Fatalf":  "logs, then calls os.Exit(1)",
	"(*log.Logger).Fatalln": "logs, then calls os.Exit(1)",
	"(*log.Logger).Panic":   "logs, then panics",
	"(*log.Logger).Panicf":  "logs, then panics",
	"(*log.Logger).Panicln": "logs, then panics",
}
