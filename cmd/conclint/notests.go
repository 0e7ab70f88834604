package main

// -test=false: the standalone front without test files. go vet always
// analyses a package together with its tests, so their dependencies must
// be in the module graph; a module copied from the module proxy for
// linting has its own dependencies but not its tests'. runNoTests plays go
// vet's part itself, without the tests: it lists the packages and their
// dependencies with go list, then runs this binary on each one as go vet
// would (a unit .cfg file, the dependencies' facts and types in .vetx
// files), dependencies first, GOMAXPROCS at a time. Each package is
// analysed in its own process, so memory stays what one package needs,
// where the in-process checker holds the whole program once an analyzer
// uses facts. Like go vet, it keeps the results of packages whose source
// cannot change (the standard library, module versions in the module
// cache) in a cache, so a second run analyses only the rest (unitCache).

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// A listedPackage is what go list -json says of a package.
type listedPackage struct {
	ImportPath      string
	Dir             string
	Name            string
	Standard        bool
	DepOnly         bool
	GoFiles         []string
	CompiledGoFiles []string
	IgnoredGoFiles  []string
	Imports         []string
	ImportMap       map[string]string
	Module          *struct {
		Path, Version, GoVersion string
	}
	Error *struct{ Err string }
}

// runNoTests analyses the packages matched by patterns, without their test
// files, and prints the findings as runVet does.
func runNoTests(set map[string]string, patterns []string, analyzers []*analysis.Analyzer) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "conclint: cannot find conclint's own executable: %v\n", err)
		return exitFailed
	}
	stderr := &noMatchWriter{w: os.Stderr}
	pkgs, err := listPackages(set["tags"], patterns, stderr)
	stderr.Flush()
	if err != nil {
		fmt.Fprintf(os.Stderr, "conclint: %v\n", err)
		return exitFailed
	}
	status := exitClean
	if stderr.noMatch {
		status = exitFailed
	}
	for _, p := range pkgs {
		if p.Error != nil && !p.DepOnly {
			fmt.Fprintf(os.Stderr, "conclint: %s\n", strings.TrimSpace(p.Error.Err))
			status = exitFailed
		}
	}
	tmp, err := os.MkdirTemp("", "conclint-notests-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "conclint: %v\n", err)
		return exitFailed
	}
	defer os.RemoveAll(tmp)

	// The tool's flags, as go vet would pass them: -json and the analyzer
	// selection and options as given.
	toolArgs := []string{"-json"}
	for _, name := range analyzerFlagNames(set, analyzers) {
		toolArgs = append(toolArgs, "-"+name+"="+set[name])
	}
	cache := newUnitCache(exe, toolArgs)
	outs, failed := runUnits(exe, toolArgs, tmp, pkgs, cache)
	if failed {
		status = exitFailed
	}
	tree, err := mergeVetJSON(outs)
	if err != nil {
		fmt.Fprintf(os.Stderr, "conclint: reading the analysis output: %v\n", err)
		return exitFailed
	}
	return printTree(set, tree, status)
}

// analyzerFlagNames returns the names in set that are analyzer flags
// (NAME or NAME.flag), sorted.
func analyzerFlagNames(set map[string]string, analyzers []*analysis.Analyzer) []string {
	var names []string
	for name := range set {
		if a, _, _ := strings.Cut(name, "."); slices.ContainsFunc(analyzers, func(x *analysis.Analyzer) bool { return x.Name == a }) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// listPackages lists the packages matched by patterns and all their
// dependencies, dependencies first. go list's warnings go to stderr.
func listPackages(tags string, patterns []string, stderr io.Writer) ([]*listedPackage, error) {
	args := []string{"list", "-e", "-deps", "-compiled",
		"-json=ImportPath,Dir,Name,Standard,DepOnly,GoFiles,CompiledGoFiles,IgnoredGoFiles,Imports,ImportMap,Module,Error"}
	if tags != "" {
		args = append(args, "-tags="+tags)
	}
	args = append(args, "--")
	args = append(args, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Stderr = stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v", err)
	}
	var pkgs []*listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := new(listedPackage)
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("reading go list's output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// runUnits runs the tool on every package, dependencies first, and returns
// the JSON it printed for the packages that are not only dependencies.
// failed is set when a package that was asked for could not be analysed
// (its error is on stderr).
func runUnits(exe string, toolArgs []string, tmp string, pkgs []*listedPackage, cache *unitCache) (out []byte, failed bool) {
	index := make(map[string]int, len(pkgs))
	standard := make(map[string]bool)
	for i, p := range pkgs {
		index[p.ImportPath] = i
		if p.Standard {
			standard[p.ImportPath] = true
		}
	}
	// vetx[i] is where package i's types and facts are, once done[i] is
	// closed: in tmp, or in the cache; "" when it could not be analysed.
	vetx := make([]string, len(pkgs))
	keys := make([]string, len(pkgs)) // cache keys, "" when not cacheable
	done := make([]chan struct{}, len(pkgs))
	for i := range done {
		done[i] = make(chan struct{})
	}
	outs := make([][]byte, len(pkgs))
	var mu sync.Mutex
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, p := range pkgs {
		wg.Go(func() {
			defer close(done[i])
			var deps []int
			for _, imp := range p.Imports {
				if j, ok := index[imp]; ok {
					deps = append(deps, j)
				}
			}
			for _, j := range deps {
				<-done[j]
			}
			if p.Error != nil {
				return
			}
			depKeys := make([]string, len(deps))
			for k, j := range deps {
				depKeys[k] = keys[j]
			}
			keys[i] = cache.key(p, depKeys)
			if p.ImportPath == "unsafe" || len(p.CompiledGoFiles) == 0 && len(p.GoFiles) == 0 {
				return // nothing to analyse: its types are the importer's
			}
			if v, o, ok := cache.get(keys[i], !p.DepOnly); ok {
				vetx[i] = v
				outs[i] = o
				return
			}
			cfg := unitConfig(p, standard)
			cfg.VetxOutput = filepath.Join(tmp, strconv.Itoa(i)+".vetx")
			cfg.VetxOnly = p.DepOnly
			cfg.PackageVetx = make(map[string]string)
			for _, j := range deps {
				if vetx[j] != "" {
					cfg.PackageVetx[pkgs[j].ImportPath] = vetx[j]
				}
			}
			if !p.DepOnly {
				cfg.Stdout = filepath.Join(tmp, strconv.Itoa(i)+".json")
			}
			cfgFile := filepath.Join(tmp, strconv.Itoa(i)+".cfg")
			data, err := json.Marshal(cfg)
			if err == nil {
				err = os.WriteFile(cfgFile, data, 0o644)
			}
			if err != nil {
				mu.Lock()
				fmt.Fprintf(os.Stderr, "conclint: %s: %v\n", p.ImportPath, err)
				failed = failed || !p.DepOnly
				mu.Unlock()
				return
			}
			sem <- struct{}{}
			cmd := exec.Command(exe, append(slices.Clone(toolArgs), cfgFile)...)
			var errOut bytes.Buffer
			cmd.Stderr = &errOut
			err = cmd.Run()
			<-sem
			mu.Lock()
			defer mu.Unlock()
			if err != nil && !p.DepOnly {
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					fmt.Fprintf(os.Stderr, "conclint: %s: %v\n", p.ImportPath, err)
				}
				os.Stderr.Write(errOut.Bytes())
				failed = true
			}
			if cfg.Stdout != "" {
				outs[i], _ = os.ReadFile(cfg.Stdout)
			}
			if _, serr := os.Stat(cfg.VetxOutput); serr == nil {
				vetx[i] = cfg.VetxOutput
				if err == nil {
					cache.put(keys[i], cfg.VetxOutput, outs[i], !p.DepOnly)
				}
			}
		})
	}
	wg.Wait()
	return bytes.Join(outs, nil), failed
}

// unitConfig is the part of a package's unit configuration that go list
// tells directly.
func unitConfig(p *listedPackage, standard map[string]bool) *unitchecker.Config {
	files := p.CompiledGoFiles
	if len(files) == 0 {
		files = p.GoFiles
	}
	abs := func(names []string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			if !filepath.IsAbs(n) {
				n = filepath.Join(p.Dir, n)
			}
			out[i] = n
		}
		return out
	}
	cfg := &unitchecker.Config{
		ID:           p.ImportPath,
		Compiler:     "gc",
		Dir:          p.Dir,
		ImportPath:   p.ImportPath,
		GoFiles:      abs(files),
		IgnoredFiles: abs(p.IgnoredGoFiles),
		ImportMap:    make(map[string]string),
		Standard:     standard,
	}
	for _, imp := range p.Imports {
		cfg.ImportMap[imp] = imp
	}
	for src, path := range p.ImportMap {
		cfg.ImportMap[src] = path
	}
	if m := p.Module; m != nil {
		cfg.ModulePath, cfg.ModuleVersion = m.Path, m.Version
		cfg.Module = &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
		if m.GoVersion != "" {
			cfg.GoVersion = "go" + m.GoVersion
		}
	}
	return cfg
}

// A unitCache keeps the vetx file, and for a package asked for its
// findings, of each package whose source cannot change: the standard
// library and module versions read from the module cache. An entry is keyed
// by this executable, the tool's flags, the Go toolchain and target, the
// package's directory and files, whether its findings are wanted, and its
// dependencies' keys; a package with a dependency that is not cacheable is
// not either. A nil *unitCache caches nothing, as when there is no user
// cache directory.
type unitCache struct {
	dir  string
	base []byte // what every key starts with
}

// newUnitCache opens the cache in $CONCLINT_CACHE, or conclint/units in
// the user's cache directory; CONCLINT_CACHE=off turns it off. Entries not
// used for five days are removed, at most once a day.
func newUnitCache(exe string, toolArgs []string) *unitCache {
	dir := os.Getenv("CONCLINT_CACHE")
	switch dir {
	case "off":
		return nil
	case "":
		root, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(root, "conclint", "units")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil
	}
	trimCache(dir, 24*time.Hour, 5*24*time.Hour)
	f, err := os.Open(exe)
	if err != nil {
		return nil
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil
	}
	env, err := exec.Command("go", "env", "GOVERSION", "GOROOT", "GOMODCACHE", "GOOS", "GOARCH", "CGO_ENABLED", "GOFLAGS").Output()
	if err != nil {
		return nil
	}
	fmt.Fprintf(h, "\x00%q\x00%s", toolArgs, env)
	return &unitCache{dir: dir, base: h.Sum(nil)}
}

// key returns the cache key of p given its dependencies' keys, or "" when
// p's source can change (the module being linted, a replaced module).
func (c *unitCache) key(p *listedPackage, depKeys []string) string {
	if c == nil || !(p.Standard || p.Module != nil && p.Module.Version != "" && strings.Contains(filepath.ToSlash(p.Dir), "@"+p.Module.Version)) {
		return ""
	}
	h := sha256.New()
	h.Write(c.base)
	fmt.Fprintf(h, "\x00%s\x00%s\x00%q\x00%q\x00%v", p.ImportPath, p.Dir, p.CompiledGoFiles, p.GoFiles, p.DepOnly)
	for _, k := range depKeys {
		if k == "" {
			return ""
		}
		fmt.Fprintf(h, "\x00%s", k)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// get returns the cached vetx file of key and, when findings are wanted,
// the findings printed.
func (c *unitCache) get(key string, findings bool) (vetx string, out []byte, ok bool) {
	if c == nil || key == "" {
		return "", nil, false
	}
	vetx = filepath.Join(c.dir, key+".vetx")
	if _, err := os.Stat(vetx); err != nil {
		return "", nil, false
	}
	now := time.Now()
	_ = os.Chtimes(vetx, now, now) // used: kept by trimCache
	if findings {
		name := filepath.Join(c.dir, key+".json")
		out, err := os.ReadFile(name)
		if err != nil {
			return "", nil, false
		}
		_ = os.Chtimes(name, now, now)
		return vetx, out, true
	}
	return vetx, nil, true
}

// put stores a package's results, each file written whole and renamed into
// place so that a concurrent run never reads half of one. The findings are
// written first: get takes the vetx file as the sign that they are there.
func (c *unitCache) put(key, vetx string, out []byte, findings bool) {
	if c == nil || key == "" {
		return
	}
	if findings && !c.write(key+".json", out) {
		return
	}
	if data, err := os.ReadFile(vetx); err == nil {
		c.write(key+".vetx", data)
	}
}

func (c *unitCache) write(name string, data []byte) bool {
	f, err := os.CreateTemp(c.dir, "tmp-")
	if err != nil {
		return false
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(c.dir, name))
	}
	if err != nil {
		os.Remove(f.Name())
		return false
	}
	return true
}

// trimCache removes the files of dir not used for unused, when it last did
// so more than every ago (the time of dir/trimmed).
func trimCache(dir string, every, unused time.Duration) {
	mark := filepath.Join(dir, "trimmed")
	if fi, err := os.Stat(mark); err == nil && time.Since(fi.ModTime()) < every {
		return
	}
	if err := os.WriteFile(mark, nil, 0o644); err != nil {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Name() == "trimmed" {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > unused {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
