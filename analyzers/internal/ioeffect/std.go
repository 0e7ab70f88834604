package ioeffect

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/conclint/conclint/analyzers/internal/typesx"
)

// This file judges the standard library, whose bodies are not solved: a
// table of what its functions and methods do.

// stdFuncs lists the standard library's functions that do I/O or wait,
// by full name (types.Func.FullName). Each entry's reason is its kind's.
var stdFuncs = map[string]Kinds{
	// Sleeps and waits.
	"time.Sleep":                    Wait,
	"(*sync.WaitGroup).Wait":        Wait,
	"(*sync.Cond).Wait":             Wait,
	"(*os.Process).Wait":            Proc,
	"(*os/exec.Cmd).Run":            Proc,
	"(*os/exec.Cmd).Output":         Proc,
	"(*os/exec.Cmd).Start":          Proc,
	"(*os/exec.Cmd).Wait":           Proc,
	"(*os/exec.Cmd).CombinedOutput": Proc,
	"os/exec.LookPath":              File,
	"os.StartProcess":               Proc,
	"(*os.Process).Kill":            Proc,
	"(*os.Process).Signal":          Proc,

	// The network.
	"net/http.Get":                                Net,
	"net/http.Post":                               Net,
	"net/http.PostForm":                           Net,
	"net/http.Head":                               Net,
	"net/http.ListenAndServe":                     Net,
	"net/http.ListenAndServeTLS":                  Net,
	"net/http.Serve":                              Net,
	"net/http.ServeTLS":                           Net,
	"net/http.ServeFile":                          Net | File,
	"net/http.ServeFileFS":                        Net | File,
	"net/http.ServeContent":                       Net,
	"net/http.Error":                              Net,
	"net/http.Redirect":                           Net,
	"net/http.NotFound":                           Net,
	"(*net/http.Request).ParseForm":               Net,
	"(*net/http.Request).ParseMultipartForm":      Net,
	"(*net/http.Request).FormValue":               Net,
	"(*net/http.Request).PostFormValue":           Net,
	"(*net/http.Request).FormFile":                Net,
	"(*net/http.Request).MultipartReader":         Net,
	"(*net/http.Response).Write":                  Net,
	"(*net/http.Request).Write":                   Net,
	"(*net/http/httputil.ReverseProxy).ServeHTTP": Net,
	"crypto/tls.Dial":                             Net,
	"crypto/tls.DialWithDialer":                   Net,
	"net/smtp.SendMail":                           Net,
	"net/smtp.Dial":                               Net,
	"net/rpc.Dial":                                Net,
	"net/rpc.DialHTTP":                            Net,
	"(*net/rpc.Client).Call":                      Net | Wait,
	"(*net/rpc.Client).Go":                        Net,

	// The file system.
	"os.Open":                    File,
	"os.OpenFile":                File,
	"os.Create":                  File,
	"os.ReadFile":                File,
	"os.WriteFile":               File,
	"os.ReadDir":                 File,
	"os.Stat":                    File,
	"os.Lstat":                   File,
	"os.Remove":                  File,
	"os.RemoveAll":               File,
	"os.Rename":                  File,
	"os.Mkdir":                   File,
	"os.MkdirAll":                File,
	"os.MkdirTemp":               File,
	"os.CreateTemp":              File,
	"os.Chmod":                   File,
	"os.Chown":                   File,
	"os.Lchown":                  File,
	"os.Chtimes":                 File,
	"os.Truncate":                File,
	"os.Link":                    File,
	"os.Symlink":                 File,
	"os.Readlink":                File,
	"os.CopyFS":                  File,
	"io/ioutil.ReadFile":         File,
	"io/ioutil.WriteFile":        File,
	"io/ioutil.ReadDir":          File,
	"io/ioutil.TempFile":         File,
	"io/ioutil.TempDir":          File,
	"io/fs.ReadFile":             File,
	"io/fs.ReadDir":              File,
	"io/fs.Stat":                 File,
	"io/fs.WalkDir":              File,
	"io/fs.Glob":                 File,
	"path/filepath.Walk":         File,
	"path/filepath.WalkDir":      File,
	"path/filepath.Glob":         File,
	"path/filepath.EvalSymlinks": File,
}

// stdFuncPrefixes lists, per package, the prefixes of the names of its
// functions (not methods) that do I/O: net.Dial, net.DialTimeout,
// net.ListenTCP, net.LookupHost, net.Interfaces...
var stdFuncPrefixes = map[string]struct {
	kinds    Kinds
	prefixes []string
}{
	"net":     {Net, []string{"Dial", "Listen", "Lookup", "Interface", "FileConn", "FileListener"}},
	"syscall": {Proc, []string{""}},
}

// stdTypes lists the standard library's types whose I/O methods (those
// whose name starts with one of ioMethodPrefixes) do I/O, by
// typesx.NamedName ("net.Conn", "*os.File"), pointer or not.
var stdTypes = map[string]Kinds{
	"net.Conn":                               Net,
	"net.PacketConn":                         Net,
	"net.Listener":                           Net,
	"net.TCPConn":                            Net,
	"net.UDPConn":                            Net,
	"net.UnixConn":                           Net,
	"net.IPConn":                             Net,
	"net.TCPListener":                        Net,
	"net.UnixListener":                       Net,
	"net.Resolver":                           Net,
	"net.Dialer":                             Net,
	"net.ListenConfig":                       Net,
	"net/http.Client":                        Net,
	"net/http.Transport":                     Net,
	"net/http.RoundTripper":                  Net,
	"net/http.Server":                        Net,
	"net/http.ResponseWriter":                Net,
	"net/http.Flusher":                       Net,
	"net/http.Hijacker":                      Net,
	"net/http.ResponseController":            Net,
	"crypto/tls.Conn":                        Net,
	"crypto/tls.Dialer":                      Net,
	"net/smtp.Client":                        Net,
	"os.File":                                File,
	"os.Root":                                File,
	"database/sql.DB":                        Store | Net,
	"database/sql.Tx":                        Store | Net,
	"database/sql.Stmt":                      Store | Net,
	"database/sql.Conn":                      Store | Net,
	"database/sql.Rows":                      Store | Net,
	"database/sql.Row":                       Store | Net,
	"database/sql/driver.Conn":               Store | Net,
	"database/sql/driver.Stmt":               Store | Net,
	"database/sql/driver.Rows":               Store | Net,
	"database/sql/driver.Queryer":            Store | Net,
	"database/sql/driver.QueryerContext":     Store | Net,
	"database/sql/driver.Execer":             Store | Net,
	"database/sql/driver.ExecerContext":      Store | Net,
	"database/sql/driver.ConnPrepareContext": Store | Net,
}

// ioMethodPrefixes are the prefixes of the names of the I/O methods of
// stdTypes: a connection's Read and Write, a client's Do, a database's
// Query and Scan; not its RemoteAddr, SetDeadline or Stats.
var ioMethodPrefixes = []string{
	"Read", "Write", "Accept", "Dial", "Lookup", "Listen", "Serve", "Do", "Get", "Post",
	"Head", "RoundTrip", "Handshake", "Flush", "Hijack", "Shutdown", "Close", "Sync",
	"Stat", "Seek", "Truncate", "Chmod", "Chown", "Chdir", "Readdir", "ReadDir", "Open",
	"Create", "Remove", "Mkdir", "Rename", "Query", "Exec", "Begin", "Commit", "Rollback",
	"Prepare", "Ping", "Scan", "Next", "Conn", "Raw", "Mail", "Rcpt", "Data", "Quit",
	"EnableFullDuplex", "SendFile", "WalkDir",
}

// streamFuncs lists the standard library's functions that read from or
// write to an io.Reader or io.Writer argument, with the indexes of those
// arguments: they do the I/O of that argument.
var streamFuncs = map[string][]int{
	"io.Copy":           {0, 1},
	"io.CopyN":          {0, 1},
	"io.CopyBuffer":     {0, 1},
	"io.ReadAll":        {0},
	"io.ReadFull":       {0},
	"io.ReadAtLeast":    {0},
	"io.WriteString":    {0},
	"io/ioutil.ReadAll": {0},
	"fmt.Fprint":        {0},
	"fmt.Fprintf":       {0},
	"fmt.Fprintln":      {0},
	"fmt.Fscan":         {0},
	"fmt.Fscanf":        {0},
	"fmt.Fscanln":       {0},
}

// stdStreamTypes are the standard library's reader and writer types whose
// methods read or write the stream they wrap: their I/O is not seen.
var stdStreamTypes = map[string]bool{
	"bufio.Reader":          true,
	"bufio.Writer":          true,
	"bufio.ReadWriter":      true,
	"bufio.Scanner":         true,
	"encoding/json.Decoder": true,
	"encoding/json.Encoder": true,
	"encoding/xml.Decoder":  true,
	"encoding/xml.Encoder":  true,
	"encoding/gob.Decoder":  true,
	"encoding/gob.Encoder":  true,
	"encoding/csv.Reader":   true,
	"encoding/csv.Writer":   true,
	"io.Reader":             true,
	"io.Writer":             true,
	"io.ReadCloser":         true,
	"io.WriteCloser":        true,
	"io.ReadWriter":         true,
	"io.ReadWriteCloser":    true,
	"io.ReaderAt":           true,
	"io.WriterAt":           true,
	"io.ReaderFrom":         true,
	"io.WriterTo":           true,
	"io.PipeReader":         true,
	"io.PipeWriter":         true,
	"mime/multipart.Reader": true,
	"mime/multipart.Writer": true,
}

// inMemory lists the reader and writer types that do no I/O: buffers,
// hashes, and the standard streams (console output, like logging).
var inMemory = map[string]bool{
	"bytes.Buffer":          true,
	"bytes.Reader":          true,
	"strings.Reader":        true,
	"strings.Builder":       true,
	"hash.Hash":             true,
	"hash.Hash32":           true,
	"hash.Hash64":           true,
	"text/tabwriter.Writer": true,
}

// stdKinds returns the effects of calling fn, a function or method of the
// standard library (not an interface method: ifaceKinds judges those).
func stdKinds(fn *types.Func) Kinds {
	if k, ok := stdFuncs[fn.FullName()]; ok {
		return k
	}
	path := fn.Pkg().Path()
	if recv := fn.Signature().Recv(); recv != nil {
		name := typesx.NamedName(recv.Type())
		if stdStreamTypes[name] && ioMethod(fn.Name()) {
			return Unseen
		}
		if k, ok := stdTypes[name]; ok && ioMethod(fn.Name()) {
			return k
		}
		return 0
	}
	if p, ok := stdFuncPrefixes[path]; ok {
		for _, pre := range p.prefixes {
			if strings.HasPrefix(fn.Name(), pre) {
				return p.kinds
			}
		}
	}
	return 0
}

// ioMethod reports whether a method name is one of an I/O type's I/O
// methods.
func ioMethod(name string) bool {
	for _, p := range ioMethodPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// ifaceKinds returns the effects of calling fn, an interface method: the
// table's for the standard library's I/O interfaces (net.Conn), Store for a
// store-named type, Unseen for the shape of a remote call (a context in,
// an error out) or of a write to a peer (arguments in, an error out:
// p2p's MsgWriter.WriteMsg(msg) error), nothing otherwise (String, Len, a
// logger's Log, a Validate() error that takes nothing to send).
func ifaceKinds(fn *types.Func) Kinds {
	recv := fn.Signature().Recv()
	name := typesx.NamedName(recv.Type())
	if fn.Pkg() != nil {
		if quietLib(fn.Pkg().Path()) {
			return 0
		}
		if isStd(fn.Pkg().Path()) {
			if k, ok := stdTypes[name]; ok && ioMethod(fn.Name()) {
				return k
			}
			if stdStreamTypes[name] && ioMethod(fn.Name()) {
				return Unseen // io.Writer's Write: a connection or a buffer
			}
		}
	}
	var k Kinds
	if storeNamed(name) {
		k |= Store | Unseen
	}
	sig := fn.Signature()
	ctxIn := false
	for v := range sig.Params().Variables() {
		if typesx.IsContext(v.Type()) {
			ctxIn = true
		}
	}
	res := sig.Results()
	errOut := res.Len() > 0 && types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type())
	if ctxIn && errOut || errOut && sig.Params().Len() > 0 {
		k |= Unseen
	}
	return k
}

// streamKinds returns the effects of a stream function: those of its
// reader and writer arguments' types, nothing for in-memory ones and the
// standard streams (os.Stdout, os.Stderr), Unseen for the unknown.
func streamKinds(info *types.Info, call *ast.CallExpr, args []int) Kinds {
	var k Kinds
	for _, i := range args {
		if i >= len(call.Args) {
			continue
		}
		a := ast.Unparen(call.Args[i])
		if sel, ok := a.(*ast.SelectorExpr); ok {
			if v, ok := info.Uses[sel.Sel].(*types.Var); ok && v.Pkg() != nil && v.Pkg().Path() == "os" && (v.Name() == "Stdout" || v.Name() == "Stderr" || v.Name() == "Stdin") {
				continue
			}
			if v, ok := info.Uses[sel.Sel].(*types.Var); ok && v.Pkg() != nil && v.Pkg().Path() == "io" && v.Name() == "Discard" {
				continue
			}
		}
		name := typesx.NamedName(info.TypeOf(a))
		switch {
		case inMemory[name]:
		case stdTypes[name] != 0:
			k |= stdTypes[name]
		default:
			k |= Unseen
		}
	}
	return k
}
