package knowledge

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/packages"
)

// A form is the syntax of a table's keys, as the analyzers look them up.
type form int

const (
	// fullFunc is types.Func.FullName, what typesx.Names and the call
	// sites build: "pkg/path.Func", "(*pkg/path.Type).Method",
	// "(pkg/path.Type).Method", "(*pkg/path.List[T]).Push".
	fullFunc form = iota + 1
	// fullType is a named type's package path and name: "net/http.Transport".
	fullType
	// fullAny is a fullFunc, a fullType or a package path
	// (CtxPropagationExclusions).
	fullAny
	// goName is an identifier, matched as written (method, field and
	// name-prefix tables).
	goName
	// exported is an identifier with an upper-case first letter: the reader
	// derives the lower-case form, or appends it to a name (KeepingMethods,
	// CtxSuffixes).
	exported
	// lower is a lower-case identifier: the reader lower-cases the names it
	// compares with it.
	lower
)

// A table is one knowledge table as the tests see it: each key with its
// reason, and the keys a slice table holds more than once.
type table struct {
	name string
	form form
	keys map[string]string
	dups []string
}

func strTable(name string, f form, m map[string]string) table {
	return table{name: name, form: f, keys: m}
}

func mapTable[V any](name string, f form, m map[string]V, reason func(V) string) table {
	keys := make(map[string]string, len(m))
	for k, v := range m {
		keys[k] = reason(v)
	}
	return table{name: name, form: f, keys: keys}
}

func sliceTable[E any](name string, f form, s []E, key func(E) string, reason func(E) string) table {
	t := table{name: name, form: f, keys: make(map[string]string)}
	for _, e := range s {
		k := key(e)
		if _, ok := t.keys[k]; ok {
			t.dups = append(t.dups, k)
		}
		t.keys[k] = reason(e)
	}
	return t
}

func pooledReason(p PooledClient) string {
	if p.Does == "" || p.Fix == "" {
		return "" // an entry without its message parts is as incomplete as one without a reason
	}
	return p.Reason
}

// tables lists every table of the package (TestEveryTableListed keeps it
// complete). Spawners are keyed "(*path.Type).Method", HandlerParams
// "path.Type".
func tables() []table {
	return []table{
		// blocking.go
		strTable("ContextlessWaits", fullFunc, ContextlessWaits),
		// connpools.go
		mapTable("PooledClientFuncs", fullFunc, PooledClientFuncs, pooledReason),
		mapTable("PooledClientTypes", fullType, PooledClientTypes, pooledReason),
		strTable("NonPoolingTransportSwitches", goName, NonPoolingTransportSwitches),
		strTable("NonPoolingRequestSwitches", goName, NonPoolingRequestSwitches),
		strTable("NonPoolingBuilders", fullFunc, NonPoolingBuilders),
		strTable("KeepingMethods", exported, KeepingMethods),
		strTable("StartupPrefixes", goName, StartupPrefixes),
		// context.go
		strTable("DetachingFuncs", fullFunc, DetachingFuncs),
		strTable("CancelChanMethods", fullFunc, CancelChanMethods),
		strTable("LaterCallbacks", fullFunc, LaterCallbacks),
		mapTable("CtxVariants", fullFunc, CtxVariants, func(v CtxVariant) string { return v.Reason }),
		sliceTable("CtxSuffixes", exported, CtxSuffixes, func(s CtxSuffix) string { return s.Suffix }, func(s CtxSuffix) string { return s.Reason }),
		strTable("CtxPropagationExclusions", fullAny, CtxPropagationExclusions),
		// frameworks.go
		strTable("CLIActionParams", fullType, CLIActionParams),
		sliceTable("HandlerParams", fullType, HandlerParams, func(h HandlerParam) string { return h.Path + "." + h.Type }, func(h HandlerParam) string { return h.Reason }),
		// nethttp.go
		strTable("DefaultClientFuncs", fullFunc, DefaultClientFuncs),
		strTable("NoTimeoutServeFuncs", fullFunc, NoTimeoutServeFuncs),
		strTable("ServerReadTimeouts", goName, ServerReadTimeouts),
		strTable("StreamingTransportTimeouts", goName, StreamingTransportTimeouts),
		strTable("StreamingRequests", fullFunc, StreamingRequests),
		strTable("ConnTakeoverFuncs", fullFunc, ConnTakeoverFuncs),
		// noreturn.go
		strTable("NoReturnFuncs", fullFunc, NoReturnFuncs),
		// pools.go
		sliceTable("Spawners", fullFunc, Spawners, func(s Spawner) string { return "(*" + s.Path + "." + s.Type + ")." + s.Method }, func(s Spawner) string { return s.Reason }),
		strTable("SemaphoreAcquireFuncs", fullFunc, SemaphoreAcquireFuncs),
		strTable("SemaphoreAcquireNames", goName, SemaphoreAcquireNames),
		strTable("WaitMethodNames", goName, WaitMethodNames),
		strTable("GoroutineWaitTypes", fullType, GoroutineWaitTypes),
		strTable("WorkerCountFuncs", fullFunc, WorkerCountFuncs),
		strTable("DataLengthMethods", goName, DataLengthMethods),
		strTable("LimitListenerFuncs", fullFunc, LimitListenerFuncs),
		strTable("LongLivedNames", lower, LongLivedNames),
		strTable("LongLivedNameSuffixes", lower, LongLivedNameSuffixes),
		strTable("LongLivedNamePrefixes", lower, LongLivedNamePrefixes),
		// sync.go
		strTable("OnceFuncs", fullFunc, OnceFuncs),
		// time.go
		mapTable("ClockChanFuncs", fullFunc, ClockChanFuncs, func(c ClockChan) string { return c.Reason }),
		mapTable("ClockChanTypes", fullType, ClockChanTypes, func(c ClockChan) string { return c.Reason }),
		strTable("Sleeps", fullFunc, Sleeps),
		strTable("ClockReads", fullFunc, ClockReads),
	}
}

// consts are the package's constant names, checked by checkConsts.
var consts = []string{"AcceptMethodPrefix", "ClockChanField"}

// TestEveryTableListed fails when a file of the package declares a table that tables or consts does not list: an unlisted table
// would escape every check here.
func TestEveryTableListed(t *testing.T) {
	listed := make(map[string]bool)
	for _, tab := range tables() {
		listed[tab.name] = true
	}
	for _, c := range consts {
		listed[c] = true
	}
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	declared := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR && gd.Tok != token.CONST {
				continue
			}
			for _, s := range gd.Specs {
				for _, id := range s.(*ast.ValueSpec).Names {
					if id.IsExported() {
						declared++
						if !listed[id.Name] {
							t.Errorf("%s: %s is not listed in tables() or consts: add it, with its key form", name, id.Name)
						}
					}
				}
			}
		}
	}
	if declared < len(listed) {
		t.Errorf("tables() and consts list %d names, the package declares %d: remove the stale ones", len(listed), declared)
	}
}

func TestReasons(t *testing.T) {
	for _, p := range checkReasons(tables()) {
		t.Error(p)
	}
}

func TestNames(t *testing.T) {
	tabs := tables()
	std := loadStd(t, tabs)
	for _, p := range checkNames(tabs, std) {
		t.Error(p)
	}
	for _, p := range checkStructs(std) {
		t.Error(p)
	}
	for _, p := range checkConsts(std) {
		t.Error(p)
	}
}

func TestDuplicates(t *testing.T) {
	for _, p := range checkDuplicates(tables()) {
		t.Error(p)
	}
}

// checkReasons reports entries whose reason is empty or not one line.
func checkReasons(tabs []table) []string {
	var out []string
	for _, tab := range tabs {
		for _, k := range slices.Sorted(maps.Keys(tab.keys)) {
			r := tab.keys[k]
			switch {
			case strings.TrimSpace(r) == "":
				out = append(out, fmt.Sprintf("%s[%q]: no reason", tab.name, k))
			case strings.ContainsAny(r, "\n\r"):
				out = append(out, fmt.Sprintf("%s[%q]: the reason is more than one line", tab.name, k))
			case strings.TrimSpace(r) != r:
				out = append(out, fmt.Sprintf("%s[%q]: the reason has leading or trailing space", tab.name, k))
			}
		}
	}
	return out
}

// A funcName is a parsed fullFunc key.
type funcName struct {
	path, recv string // recv is "" for a package-level function
	ptr        bool
	name       string
}

// parseFunc parses a full function name as types.Func.FullName writes it.
func parseFunc(s string) (funcName, error) {
	var fn funcName
	if !strings.HasPrefix(s, "(") {
		path, name, err := parseQualified(s)
		fn.path, fn.name = path, name
		return fn, err
	}
	end := strings.Index(s, ").")
	if end < 0 {
		return fn, fmt.Errorf(`a method is written "(path.Type).Method" or "(*path.Type).Method"`)
	}
	inner, name := s[1:end], s[end+2:]
	inner, fn.ptr = strings.CutPrefix(inner, "*")
	if i := strings.IndexByte(inner, '['); i >= 0 {
		// A generic receiver's type parameters: "(*pkg.List[K, V]).Push".
		params, ok := strings.CutSuffix(inner[i+1:], "]")
		if !ok {
			return fn, fmt.Errorf("unclosed type parameter list")
		}
		for p := range strings.SplitSeq(params, ", ") {
			if !token.IsIdentifier(p) {
				return fn, fmt.Errorf("type parameter %q is not an identifier", p)
			}
		}
		inner = inner[:i]
	}
	path, recv, err := parseQualified(inner)
	if err != nil {
		return fn, err
	}
	if !token.IsIdentifier(name) {
		return fn, fmt.Errorf("method %q is not an identifier", name)
	}
	fn.path, fn.recv, fn.name = path, recv, name
	return fn, nil
}

// parseQualified splits "pkg/path.Name".
func parseQualified(s string) (path, name string, err error) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return "", "", fmt.Errorf("no package path: %q", s)
	}
	path, name = s[:i], s[i+1:]
	if !token.IsIdentifier(name) {
		return "", "", fmt.Errorf("%q is not an identifier", name)
	}
	return path, name, checkPath(path)
}

// checkPath reports whether p is written like an import path.
func checkPath(p string) error {
	if p == "" {
		return fmt.Errorf("empty package path")
	}
	for elem := range strings.SplitSeq(p, "/") {
		if elem == "" || elem[0] == '.' || elem[len(elem)-1] == '.' {
			return fmt.Errorf("package path %q has an empty or dotted element", p)
		}
		for _, r := range elem {
			if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-._~+", r)) {
				return fmt.Errorf("package path %q has %q", p, r)
			}
		}
	}
	return nil
}

// isStd reports whether path is a standard-library path: its first element
// has no dot. Such entries are resolved against the real package; others
// (conclint depends on none of them) are checked for syntax only.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// stdPaths returns the standard-library packages the tables name.
func stdPaths(tabs []table) []string {
	set := map[string]bool{"net/http": true, "time": true, "context": true} // the structs and fields checked by checkStructs
	for _, tab := range tabs {
		for k := range tab.keys {
			var path string
			switch tab.form {
			case fullFunc:
				fn, err := parseFunc(k)
				if err != nil {
					continue
				}
				path = fn.path
			case fullType:
				path, _, _ = parseQualified(k)
			case fullAny:
				if fn, err := parseFunc(k); err == nil {
					path = fn.path
				}
				set[k] = isStd(k) && checkPath(k) == nil
			}
			if path != "" && isStd(path) {
				set[path] = true
			}
		}
	}
	var out []string
	for p, ok := range set {
		if ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

var (
	stdOnce sync.Once
	stdPkgs map[string]*types.Package
	stdErr  error
)

// loadStd type-checks the standard-library packages the tables name (and
// sync, which the checkers' own test uses), once per test binary.
func loadStd(t *testing.T, tabs []table) map[string]*types.Package {
	t.Helper()
	stdOnce.Do(func() {
		paths := append(stdPaths(tabs), "sync")
		pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes}, paths...)
		if err != nil {
			stdErr = err
			return
		}
		stdPkgs = make(map[string]*types.Package)
		for _, p := range pkgs {
			if len(p.Errors) > 0 {
				stdErr = fmt.Errorf("%s: %v", p.PkgPath, p.Errors[0])
				return
			}
			stdPkgs[p.PkgPath] = p.Types
		}
	})
	if stdErr != nil {
		t.Fatalf("loading the standard library: %v", stdErr)
	}
	return stdPkgs
}

// resolveFunc finds the function a standard-library key names, and checks
// that types.Func.FullName writes it exactly so: a key that differs (a
// value receiver for a pointer method, a promoted method under the
// embedding type) is looked up and never found.
func resolveFunc(std map[string]*types.Package, key string, fn funcName) (*types.Func, error) {
	pkg := std[fn.path]
	if pkg == nil {
		return nil, fmt.Errorf("no standard-library package %q", fn.path)
	}
	var obj types.Object
	if fn.recv == "" {
		obj = pkg.Scope().Lookup(fn.name)
	} else {
		tn, ok := pkg.Scope().Lookup(fn.recv).(*types.TypeName)
		if !ok {
			return nil, fmt.Errorf("no type %s.%s", fn.path, fn.recv)
		}
		recv := tn.Type()
		if !types.IsInterface(recv) {
			recv = types.NewPointer(recv)
		}
		obj, _, _ = types.LookupFieldOrMethod(recv, true, pkg, fn.name)
	}
	f, ok := obj.(*types.Func)
	if !ok {
		return nil, fmt.Errorf("%s.%s is not a function or method", fn.path, fn.name)
	}
	if f.FullName() != key {
		return nil, fmt.Errorf("the function's full name is %q", f.FullName())
	}
	return f, nil
}

func resolveType(std map[string]*types.Package, path, name string) (*types.TypeName, error) {
	pkg := std[path]
	if pkg == nil {
		return nil, fmt.Errorf("no standard-library package %q", path)
	}
	tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
	if !ok {
		return nil, fmt.Errorf("no type %s.%s", path, name)
	}
	return tn, nil
}

// checkKey reports what is wrong with key in a table of form f.
func checkKey(std map[string]*types.Package, f form, key string) error {
	if strings.TrimSpace(key) != key || key == "" {
		return fmt.Errorf("empty, or space around the name")
	}
	switch f {
	case fullFunc:
		fn, err := parseFunc(key)
		if err != nil {
			return err
		}
		if isStd(fn.path) {
			_, err = resolveFunc(std, key, fn)
		}
		return err
	case fullType:
		path, name, err := parseQualified(key)
		if err != nil {
			return err
		}
		if isStd(path) {
			_, err = resolveType(std, path, name)
		}
		return err
	case fullAny:
		errFunc := checkKey(std, fullFunc, key)
		if errFunc == nil || checkKey(std, fullType, key) == nil {
			return nil
		}
		if err := checkPath(key); err != nil {
			return fmt.Errorf("neither a function, a type nor a package path: %v", errFunc)
		}
		if isStd(key) && std[key] == nil {
			return fmt.Errorf("no standard-library package, type or function %q", key)
		}
		return nil
	case goName:
		if !token.IsIdentifier(key) {
			return fmt.Errorf("not an identifier")
		}
	case exported:
		if r, _ := utf8.DecodeRuneInString(key); !token.IsIdentifier(key) || !unicode.IsUpper(r) {
			return fmt.Errorf("not an identifier with an upper-case first letter")
		}
	case lower:
		if !token.IsIdentifier(key) || strings.ToLower(key) != key {
			return fmt.Errorf("not a lower-case identifier: the names compared with it are lower-cased")
		}
	default:
		return fmt.Errorf("table has no key form")
	}
	return nil
}

// checkNames reports keys that are not in their table's form, or that name
// no standard-library function or type.
func checkNames(tabs []table, std map[string]*types.Package) []string {
	var out []string
	for _, tab := range tabs {
		for _, k := range slices.Sorted(maps.Keys(tab.keys)) {
			if err := checkKey(std, tab.form, k); err != nil {
				out = append(out, fmt.Sprintf("%s[%q]: %v", tab.name, k, err))
			}
		}
	}
	return out
}

// checkStructs checks what the keys alone do not show: the fields that
// struct entries name, and the struct fields that field tables name.
func checkStructs(std map[string]*types.Package) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	for _, k := range slices.Sorted(maps.Keys(CtxVariants)) {
		v := CtxVariants[k]
		switch {
		case (v.Rename == "") == (v.Use == ""):
			bad("CtxVariants[%q]: exactly one of Rename and Use must be set", k)
		case v.Rename != "" && !token.IsIdentifier(v.Rename):
			bad("CtxVariants[%q]: Rename %q is not an identifier", k, v.Rename)
		case v.Fix != "" && (v.Use == "" || !strings.Contains(v.Fix, "$ctx")):
			bad("CtxVariants[%q]: a Fix goes with a Use and passes $ctx", k)
		case v.Rename != "":
			fn, err := parseFunc(k)
			if err != nil || !isStd(fn.path) {
				break
			}
			fn.name = v.Rename
			key := fn.name
			if fn.recv != "" {
				key = "(" + map[bool]string{true: "*"}[fn.ptr] + fn.path + "." + fn.recv + ")." + fn.name
			} else {
				key = fn.path + "." + fn.name
			}
			f, err := resolveFunc(std, key, fn)
			if err != nil {
				bad("CtxVariants[%q]: Rename %q: %v", k, v.Rename, err)
			} else if ps := f.Signature().Params(); ps.Len() == 0 || ps.At(0).Type().String() != "context.Context" {
				bad("CtxVariants[%q]: Rename %q does not take a context.Context first", k, v.Rename)
			}
		}
	}

	for _, s := range Spawners {
		for _, m := range s.LimitMethods {
			if !token.IsIdentifier(m) {
				bad("Spawners[%s.%s.%s]: limit method %q is not an identifier", s.Path, s.Type, s.Method, m)
			}
		}
	}

	for _, h := range HandlerParams {
		switch {
		case h.Framework == "":
			bad("HandlerParams[%s.%s]: no framework name", h.Path, h.Type)
		case h.Results != "" && h.Results != "error":
			bad("HandlerParams[%s.%s]: Results %q is neither \"\" nor \"error\"", h.Path, h.Type, h.Results)
		case strings.Count(h.CtxExpr, "%") != 1 || !strings.Contains(h.CtxExpr, "%s"):
			bad("HandlerParams[%s.%s]: CtxExpr %q must hold one %%s and no other verb", h.Path, h.Type, h.CtxExpr)
		}
	}

	fields := []struct {
		table    string
		keys     map[string]string
		typ      string // the struct the fields belong to
		elemType string // the type they must have
	}{
		{"ServerReadTimeouts", ServerReadTimeouts, "Server", "time.Duration"},
		{"StreamingTransportTimeouts", StreamingTransportTimeouts, "Transport", "time.Duration"},
		{"NonPoolingTransportSwitches", NonPoolingTransportSwitches, "Transport", "bool"},
		{"NonPoolingRequestSwitches", NonPoolingRequestSwitches, "Request", "bool"},
	}
	for _, f := range fields {
		tn, err := resolveType(std, "net/http", f.typ)
		if err != nil {
			bad("%s: %v", f.table, err)
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(f.keys)) {
			obj, _, _ := types.LookupFieldOrMethod(tn.Type(), false, tn.Pkg(), k)
			if v, ok := obj.(*types.Var); !ok || !v.IsField() {
				bad("%s[%q]: http.%s has no such field", f.table, k, f.typ)
			} else if v.Type().String() != f.elemType {
				bad("%s[%q]: the field is a %s, not a %s", f.table, k, v.Type(), f.elemType)
			}
		}
	}
	return out
}

// checkConsts checks the package's constants against what they name.
func checkConsts(std map[string]*types.Package) []string {
	var out []string
	if checkKey(std, exported, AcceptMethodPrefix) != nil {
		out = append(out, fmt.Sprintf("AcceptMethodPrefix %q: not an exported-style identifier", AcceptMethodPrefix))
	} else if tn, err := resolveType(std, "net", "Listener"); err != nil {
		out = append(out, err.Error())
	} else if obj, _, _ := types.LookupFieldOrMethod(tn.Type(), false, tn.Pkg(), "Accept"); obj == nil || !strings.HasPrefix("Accept", AcceptMethodPrefix) {
		out = append(out, fmt.Sprintf("AcceptMethodPrefix %q: does not begin net.Listener's Accept", AcceptMethodPrefix))
	}
	for _, k := range slices.Sorted(maps.Keys(ClockChanTypes)) {
		path, name, err := parseQualified(k)
		if err != nil || !isStd(path) {
			continue
		}
		tn, err := resolveType(std, path, name)
		if err != nil {
			continue // reported by checkNames
		}
		obj, _, _ := types.LookupFieldOrMethod(tn.Type(), false, tn.Pkg(), ClockChanField)
		v, ok := obj.(*types.Var)
		if !ok || !v.IsField() {
			out = append(out, fmt.Sprintf("ClockChanTypes[%q]: no field ClockChanField (%q)", k, ClockChanField))
		} else if _, ok := v.Type().Underlying().(*types.Chan); !ok {
			out = append(out, fmt.Sprintf("ClockChanTypes[%q]: field %s is a %s, not a channel", k, ClockChanField, v.Type()))
		}
	}
	return out
}

// sharedFullNames are the pairs of tables that may list the same full name,
// each with why the two tables do not say the same thing twice. Any other
// full name in two tables is a duplicate: one fact, one table.
var sharedFullNames = map[[2]string]string{
	{"CtxPropagationExclusions", "PooledClientFuncs"}: "one says grpc.Dial's context variant is no better, the other that it opens a connection per call",
}

// nameGroups are tables of bare names that classify the same call, so a
// name in two of them would be said twice or contradict itself.
var nameGroups = [][]string{
	// unboundedgo, a method call near a spawn: starts, acquires, waits, or
	// sizes the data.
	{"Spawners.Method", "SemaphoreAcquireNames", "WaitMethodNames", "DataLengthMethods"},
	// perrequestclient and httptimeout, fields of one http.Transport literal.
	{"StreamingTransportTimeouts", "NonPoolingTransportSwitches"},
}

// checkDuplicates reports a key held twice by a slice table, a full name in
// two tables (but for sharedFullNames), a name in two tables of a
// nameGroups group, and entries that another entry of the prefix and suffix
// tables already matches (by the rule the reading analyzer applies).
func checkDuplicates(tabs []table) []string {
	var out []string
	byName := make(map[string]table)
	where := make(map[string][]string) // full name → tables holding it
	for _, tab := range tabs {
		byName[tab.name] = tab
		for _, k := range tab.dups {
			out = append(out, fmt.Sprintf("%s: %q is listed twice", tab.name, k))
		}
		if tab.form == fullFunc || tab.form == fullType || tab.form == fullAny {
			for k := range tab.keys {
				where[k] = append(where[k], tab.name)
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(where)) {
		ts := where[k]
		slices.Sort(ts)
		for i := range ts {
			for j := i + 1; j < len(ts); j++ {
				if _, ok := sharedFullNames[[2]string{ts[i], ts[j]}]; !ok {
					out = append(out, fmt.Sprintf("%q is in both %s and %s: keep it in one table", k, ts[i], ts[j]))
				}
			}
		}
	}

	spawnerMethods := make(map[string]string)
	for _, s := range Spawners {
		spawnerMethods[s.Method] = s.Reason
	}
	byName["Spawners.Method"] = table{name: "Spawners.Method", keys: spawnerMethods}
	for _, g := range nameGroups {
		seen := make(map[string]string)
		for _, name := range g {
			tab, ok := byName[name]
			if !ok {
				out = append(out, fmt.Sprintf("nameGroups: no table %s", name))
				continue
			}
			for _, k := range slices.Sorted(maps.Keys(tab.keys)) {
				if other, ok := seen[k]; ok {
					out = append(out, fmt.Sprintf("%q is in both %s and %s, which classify the same call", k, other, name))
				}
				seen[k] = name
			}
		}
	}

	// perrequestclient's startupName: a prefix matches a whole name or one
	// followed by an upper-case letter, digit or underscore.
	out = append(out, subsumed(byName["StartupPrefixes"], byName["StartupPrefixes"], func(name, p string) bool {
		rest, ok := strings.CutPrefix(name, p)
		r, _ := utf8.DecodeRuneInString(rest)
		return ok && (rest == "" || unicode.IsUpper(r) || unicode.IsDigit(r) || r == '_')
	})...)
	// perrequestclient's keepingMethod: the same, in either case of the
	// first letter, without underscore.
	out = append(out, subsumed(byName["KeepingMethods"], byName["KeepingMethods"], func(name, p string) bool {
		for _, q := range []string{p, strings.ToLower(p[:1]) + p[1:]} {
			rest, ok := strings.CutPrefix(name, q)
			r, _ := utf8.DecodeRuneInString(rest)
			if ok && (rest == "" || unicode.IsUpper(r) || unicode.IsDigit(r)) {
				return true
			}
		}
		return false
	})...)
	// unboundedgo's longLivedName: a whole name, a prefix or a suffix.
	prefixes, suffixes := byName["LongLivedNamePrefixes"], byName["LongLivedNameSuffixes"]
	out = append(out, subsumed(prefixes, prefixes, strings.HasPrefix)...)
	out = append(out, subsumed(suffixes, suffixes, strings.HasSuffix)...)
	out = append(out, subsumed(byName["LongLivedNames"], prefixes, strings.HasPrefix)...)
	out = append(out, subsumed(byName["LongLivedNames"], suffixes, strings.HasSuffix)...)
	return out
}

// subsumed reports the keys of tab that a different key of by already
// matches.
func subsumed(tab, by table, match func(name, key string) bool) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(tab.keys)) {
		for _, p := range slices.Sorted(maps.Keys(by.keys)) {
			if (p != k || tab.name != by.name) && match(k, p) {
				out = append(out, fmt.Sprintf("%s[%q] is already matched by %s[%q]", tab.name, k, by.name, p))
				break
			}
		}
	}
	return out
}

// TestCheckersCatch feeds the checks entries they must reject, so that the
// tests above cannot pass by checking nothing.
func TestCheckersCatch(t *testing.T) {
	std := loadStd(t, tables())
	bad := []table{
		strTable("NoReason", fullFunc, map[string]string{"time.Now": "", "time.Since": " ", "time.Until": "two\nlines"}),
		strTable("Funcs", fullFunc, map[string]string{
			"net/http.":                       "x", // no name
			"Get":                             "x", // no package
			"net/http Get":                    "x", // space
			"(*net/http.Client.Do":            "x", // unclosed receiver
			"(net/http.*Client).Do":           "x", // pointer inside
			"(**net/http.Client).Do":          "x", // double pointer
			"(*net/http.Client).":             "x", // no method
			"net//http.Get":                   "x", // empty element
			" net/http.Get":                   "x", // leading space
			"(*example.com/p.List[T).Push":    "x", // unclosed type parameters
			"(sync.Cond).Wait":                "x", // Wait has a pointer receiver
			"net/http.Gett":                   "x", // no such function
			"(*net/http.Client).Dot":          "x", // no such method
			"(*net/http.Request).ParseFormat": "x", // no such method
		}),
		strTable("Types", fullType, map[string]string{"net/http.Transporter": "x", "Transport": "x"}),
		strTable("Lower", lower, map[string]string{"Run": "x"}),
		strTable("Exported", exported, map[string]string{"store": "x"}),
		strTable("Names", goName, map[string]string{"not-a-name": "x"}),
		strTable("Other", fullFunc, map[string]string{"time.Sleep": "x"}),
		sliceTable("Slice", exported, []string{"Context", "Context"}, func(s string) string { return s }, func(string) string { return "x" }),
		strTable("Sleeps", fullFunc, Sleeps),
		strTable("StartupPrefixes", goName, map[string]string{"New": "x", "NewClient": "x"}),
		strTable("KeepingMethods", exported, map[string]string{"Set": "x", "SetHTTPClient": "x"}),
		strTable("LongLivedNamePrefixes", lower, map[string]string{"serve": "x"}),
		strTable("LongLivedNameSuffixes", lower, map[string]string{"loop": "x"}),
		strTable("LongLivedNames", lower, map[string]string{"serveconn": "x", "readloop": "x"}),
	}
	problems := strings.Join(slices.Concat(checkReasons(bad), checkNames(bad, std), checkDuplicates(bad)), "\n")
	want := []string{
		`NoReason["time.Now"]: no reason`,
		`NoReason["time.Since"]: no reason`,
		`NoReason["time.Until"]: the reason is more than one line`,
		`Types["net/http.Transporter"]`, `Types["Transport"]`,
		`Lower["Run"]`, `Exported["store"]`, `Names["not-a-name"]`,
		`"time.Sleep" is in both Other and Sleeps`,
		`Slice: "Context" is listed twice`,
		`StartupPrefixes["NewClient"] is already matched by StartupPrefixes["New"]`,
		`KeepingMethods["SetHTTPClient"] is already matched by KeepingMethods["Set"]`,
		`LongLivedNames["serveconn"] is already matched by LongLivedNamePrefixes["serve"]`,
		`LongLivedNames["readloop"] is already matched by LongLivedNameSuffixes["loop"]`,
		`Funcs["(sync.Cond).Wait"]: the function's full name is "(*sync.Cond).Wait"`,
	}
	for k := range bad[1].keys {
		want = append(want, fmt.Sprintf("Funcs[%q]", k))
	}
	for _, w := range want {
		if !strings.Contains(problems, w) {
			t.Errorf("no problem reported for %s", w)
		}
	}
	if t.Failed() {
		t.Logf("reported:\n%s", problems)
	}

	// Well-formed names of every form pass.
	good := []struct {
		f   form
		key string
	}{
		{fullFunc, "net/http.Get"},
		{fullFunc, "(*net/http.Client).Do"},
		{fullFunc, "(net/http.Header).Get"},
		{fullFunc, "(context.Context).Done"},
		{fullFunc, "(*example.com/p.List[K, V]).Push"},
		{fullFunc, "github.com/nats-io/nats.go.Connect"},
		{fullType, "net/http.Transport"},
		{fullAny, "log/slog"},
		{fullAny, "log/slog.Logger"},
		{fullAny, "google.golang.org/grpc.Dial"},
		{lower, "run"},
		{exported, "Store"},
	}
	for _, g := range good {
		if err := checkKey(std, g.f, g.key); err != nil {
			t.Errorf("%q rejected: %v", g.key, err)
		}
	}
}
