// Package golangciplugin registers conclint with golangci-lint as a module
// plugin named "conclint" (see docs/golangci-lint.md).
//
// golangci-lint builds a custom binary that imports this package (its
// .custom-gcl.yml names it), and hands the plugin the settings found under
// linters.settings.custom.conclint.settings in its configuration. They take
// this shape, shown in full in the repository's .golangci-plugin.yml:
//
//	settings:
//	  disable: [unboundedgo]   # analyzers to leave out (default: none)
//	  httptimeout:             # an analyzer's name ...
//	    tests: true            # ... and its flags, as on the command line
//	  handlerblock:
//	    blocking-funcs: example.com/retry.Do,example.com/retry.Backoff
//
// Every key other than "disable" is an analyzer's name, and the keys under
// it are that analyzer's flags, exactly those "conclint help NAME" lists:
// one set of options for the standalone binary, go vet and golangci-lint.
// Values are YAML scalars; a list is joined with commas, the form the
// list-valued flags take. golangci-lint lower-cases every key, so names are
// matched without regard to case. An option that is not given takes its
// default, whatever an earlier call set. An unknown analyzer or option, or a
// value the flag rejects, is an error naming it, which golangci-lint prints
// before it stops.
package golangciplugin

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers"
	"github.com/conclint/conclint/analyzers/internal/flagx"
)

// Name is the plugin's name: the key under linters.settings.custom in the
// golangci-lint configuration, and the name //nolint directives use.
const Name = "conclint"

// disableKey is the one settings key that is not an analyzer's name.
const disableKey = "disable"

func init() { register.Plugin(Name, New) }

// Plugin is conclint as golangci-lint sees it.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New applies the settings golangci-lint decoded from its configuration to
// the analyzers of analyzers.All and returns the plugin. conf is nil when the
// configuration has no settings for conclint.
func New(conf any) (register.LinterPlugin, error) {
	settings, err := register.DecodeSettings[map[string]any](conf)
	if err != nil {
		return nil, fmt.Errorf("%s settings: %v", Name, err)
	}
	suite, err := apply(analyzers.All, settings)
	if err != nil {
		return nil, err
	}
	return &Plugin{analyzers: suite}, nil
}

// BuildAnalyzers returns the suite, less the analyzers the settings disable.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return p.analyzers, nil
}

// GetLoadMode tells golangci-lint that the analyzers need type information.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// apply resets every flag of suite to its default, then sets those the
// settings name, and returns the analyzers not disabled. All problems are
// reported together, each naming the setting at fault.
func apply(suite []*analysis.Analyzer, settings map[string]any) ([]*analysis.Analyzer, error) {
	for _, a := range suite {
		var errs []error
		a.Flags.VisitAll(func(f *flag.Flag) {
			if err := f.Value.Set(f.DefValue); err != nil {
				errs = append(errs, fmt.Errorf("resetting %s.%s to its default %q: %v", a.Name, f.Name, f.DefValue, err))
			}
		})
		if len(errs) > 0 {
			return nil, fmt.Errorf("%s settings: %w", Name, errors.Join(errs...))
		}
	}

	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	var errs []error
	disabled := make(map[*analysis.Analyzer]bool)
	for _, key := range keys {
		value := settings[key]
		if strings.EqualFold(key, disableKey) {
			names, err := listOf(value)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %v", disableKey, err))
				continue
			}
			for _, name := range names {
				a := lookupAnalyzer(suite, name)
				if a == nil {
					errs = append(errs, fmt.Errorf("%s: unknown analyzer %q (analyzers: %s)", disableKey, name, analyzerNames(suite)))
					continue
				}
				disabled[a] = true
			}
			continue
		}
		a := lookupAnalyzer(suite, key)
		if a == nil {
			errs = append(errs, fmt.Errorf("unknown analyzer %q (analyzers: %s; or %q, a list of analyzers to leave out)", key, analyzerNames(suite), disableKey))
			continue
		}
		if value == nil {
			continue // "httptimeout:" with nothing under it
		}
		opts, ok := value.(map[string]any)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: want a map of its options (%s), got %s", a.Name, flagNames(a), describe(value)))
			continue
		}
		errs = append(errs, setFlags(a, opts)...)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s settings: %w", Name, errors.Join(errs...))
	}
	out := make([]*analysis.Analyzer, 0, len(suite))
	for _, a := range suite {
		if !disabled[a] {
			out = append(out, a)
		}
	}
	return out, nil
}

// setFlags sets a's flags from opts, in a stable order.
func setFlags(a *analysis.Analyzer, opts map[string]any) []error {
	names := make([]string, 0, len(opts))
	for k := range opts {
		names = append(names, k)
	}
	sort.Strings(names)
	var errs []error
	for _, name := range names {
		f := lookupFlag(a, name)
		if f == nil {
			errs = append(errs, fmt.Errorf("%s has no option %q (options: %s)", a.Name, name, flagNames(a)))
			continue
		}
		s, err := flagValue(opts[name])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s.%s: %v", a.Name, f.Name, err))
			continue
		}
		if err := a.Flags.Set(f.Name, s); err != nil {
			errs = append(errs, fmt.Errorf("%s.%s: invalid value %q: %v", a.Name, f.Name, s, err))
		}
	}
	return errs
}

func lookupAnalyzer(suite []*analysis.Analyzer, name string) *analysis.Analyzer {
	for _, a := range suite {
		if a.Name == name {
			return a
		}
	}
	for _, a := range suite {
		if strings.EqualFold(a.Name, name) {
			return a
		}
	}
	return nil
}

func lookupFlag(a *analysis.Analyzer, name string) *flag.Flag {
	if f := a.Flags.Lookup(name); f != nil {
		return f
	}
	var found *flag.Flag
	a.Flags.VisitAll(func(f *flag.Flag) {
		if found == nil && strings.EqualFold(f.Name, name) {
			found = f
		}
	})
	return found
}

// flagValue turns a decoded settings value into a flag's text.
func flagValue(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case bool:
		return strconv.FormatBool(v), nil
	case string:
		return v, nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case []any:
		parts := make([]string, 0, len(v))
		for _, e := range v {
			switch e.(type) {
			case []any, map[string]any:
				return "", fmt.Errorf("want a list of scalars, got an element that is %s", describe(e))
			}
			s, err := flagValue(e)
			if err != nil {
				return "", err
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("want a scalar or a list of scalars, got %s", describe(v))
}

// listOf reads a list of names, given as a list or a comma-separated string.
func listOf(v any) ([]string, error) {
	switch v.(type) {
	case nil:
		return nil, nil
	case string, []any:
	default:
		return nil, fmt.Errorf("want a list of analyzer names, got %s", describe(v))
	}
	s, err := flagValue(v)
	if err != nil {
		return nil, err
	}
	return flagx.List(s), nil
}

func describe(v any) string {
	switch v.(type) {
	case map[string]any:
		return "a map"
	case []any:
		return "a list"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("%T %v", v, v)
}

func analyzerNames(suite []*analysis.Analyzer) string {
	names := make([]string, len(suite))
	for i, a := range suite {
		names[i] = a.Name
	}
	return strings.Join(names, ", ")
}

func flagNames(a *analysis.Analyzer) string {
	var names []string
	a.Flags.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return "none"
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
