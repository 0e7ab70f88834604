// Command conclint finds concurrency and resource misuse in Go services:
// blocking that ignores a request's cancellation, HTTP clients and servers
// with no timeout, unbounded goroutines, dropped contexts and pooled clients
// built per request.
//
// Standalone:
//
//	conclint ./...
//	conclint -json ./...
//	conclint -fix ./...
//
// With go vet:
//
//	go vet -vettool=$(which conclint) ./...
//
// Run "conclint help" for the analyzers and their flags.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/conclint/conclint/analyzers"
)

func main() { multichecker.Main(analyzers.All...) }
