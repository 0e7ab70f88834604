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
// Run "conclint help" for the analyzers and their flags.
package main

import (
	"flag"
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/conclint/conclint/analyzers"
)

func main() {
	if args, ok := sarifArgs(os.Args[1:]); ok {
		os.Exit(runSARIF(args))
	}
	// Registered so that "conclint help" lists it; sarifArgs has acted on it
	// already when it is set.
	flag.Bool("sarif", false, "print the findings as a SARIF 2.1.0 log on stdout, for code-scanning uploads (standalone runs only; exit status 0 unless the run failed)")
	multichecker.Main(analyzers.All...)
}
