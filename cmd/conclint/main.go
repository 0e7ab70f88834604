// Command conclint finds concurrency and resource misuse in Go services:
// blocking that ignores a request's cancellation, HTTP clients and servers
// with no timeout, unbounded goroutines, dropped contexts and pooled clients
// built per request.
//
// Standalone:
//
//	conclint ./...
//	conclint -json ./...
//	conclint -sarif ./... > conclint.sarif
//	conclint -fix ./...
//
// With go vet:
//
//	go vet -vettool=$(which conclint) ./...
//
// A standalone run hands the packages to go vet with conclint as its
// vettool (front.go); -inprocess analyses them in this process instead.
//
// Run "conclint help" for the analyzers and their flags.
package main

import (
	"flag"
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/conclint/conclint/analyzers"
)

func main() {
	if full, ok := versionArg(os.Args[1:]); ok {
		if err := printVersion(os.Stdout, full); err != nil {
			fmt.Fprintf(os.Stderr, "conclint: %v\n", err)
			os.Exit(exitFailed)
		}
		os.Exit(exitClean)
	}
	if len(os.Args) == 2 && os.Args[1] == "help" && os.Getenv(rawHelpEnv) == "" {
		overview(os.Stdout, analyzers.All)
		os.Exit(exitClean)
	}
	if args, ok := sarifArgs(os.Args[1:]); ok {
		os.Exit(runSARIF(args))
	}
	if code, handled := standalone(os.Args[1:], analyzers.All); handled {
		os.Exit(code)
	}
	// Registered so that "conclint help" lists them; sarifArgs and
	// standalone have acted on them already.
	flag.Bool("sarif", false, "print the findings as a SARIF 2.1.0 log on stdout, for code-scanning uploads (standalone runs only; exit status 0 unless the run failed)")
	flag.String("workdir", "", "set by the standalone front when it runs go vet: its working directory, which makes go vet's cache of results (keyed by the vettool's flags, not by directory under -trimpath) tell copies of a module apart")
	flag.Bool("inprocess", false, "analyse all packages in this process, as one program, instead of handing them to go vet (uses more memory; implied by -debug, the profiling flags, and -fix or -diff with -test=false)")
	multichecker.Main(analyzers.All...)
}
