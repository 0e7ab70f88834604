// Package analyzers lists conclint's suite. The binary, the golangci-lint
// plugin and the tests all take the analyzers from All, so adding an
// analyzer is one line here.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers/ctxpropagation"
	"github.com/conclint/conclint/analyzers/goroutineleak"
	"github.com/conclint/conclint/analyzers/handlerblock"
	"github.com/conclint/conclint/analyzers/httptimeout"
	"github.com/conclint/conclint/analyzers/lockblock"
	"github.com/conclint/conclint/analyzers/perrequestclient"
	"github.com/conclint/conclint/analyzers/unboundedgo"
)

// All is the whole suite, in the order of the README's table.
var All = []*analysis.Analyzer{
	httptimeout.Analyzer,
	handlerblock.Analyzer,
	unboundedgo.Analyzer,
	ctxpropagation.Analyzer,
	perrequestclient.Analyzer,
	goroutineleak.Analyzer,
	lockblock.Analyzer,
}
