package b // want package:"ioeffect solved"

// b reads dep's facts and the libraries' tables.

import (
	"dep"
	"net"

	"github.com/grafana/regexp"
	"go.uber.org/zap"
	"gorm.io/gorm"
)

func UsesDep() error { return dep.Through() } // want UsesDep:`io\(net\)`

func Pure() map[string]string { return dep.Labels(nil, "h", 1) }

func Logs(l *zap.Logger) { l.Info("x") }

var invalid = regexp.MustCompile(`[^a-z]`)

// Sanitizes calls a regexp fork: pure computation, like the standard
// library's regexp.
func Sanitizes(name string) string { return invalid.ReplaceAllString(name, "_") }

func Finds(db *gorm.DB) { db.Where("x").Find(nil) } // want Finds:`io\(net, store\)`

func Loops(c net.Conn) { dep.Serve(c) } // want Loops:`io\(net\) forever`

type conn struct{}

// Methods of unexported types are exported facts too when their name is.
func (conn) Fetch() error { return dep.Run() } // want Fetch:`io\(proc\)`
