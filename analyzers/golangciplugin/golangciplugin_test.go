package golangciplugin_test

import (
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers"
	"github.com/conclint/conclint/analyzers/golangciplugin"
	"github.com/conclint/conclint/analyzers/httptimeout"
)

// resetFlags puts every analyzer flag back to its default when the test ends:
// the flags are package state, shared by the tests.
func resetFlags(t *testing.T) {
	t.Helper()
	t.Cleanup(func() {
		for _, a := range analyzers.All {
			a.Flags.VisitAll(func(f *flag.Flag) { _ = f.Value.Set(f.DefValue) })
		}
	})
}

func flagValue(t *testing.T, a *analysis.Analyzer, name string) string {
	t.Helper()
	f := a.Flags.Lookup(name)
	require.NotNil(t, f, "%s has no flag %s", a.Name, name)
	return f.Value.String()
}

func TestRegistered(t *testing.T) {
	resetFlags(t)
	newPlugin, err := register.GetPlugin("conclint")
	require.NoError(t, err)
	p, err := newPlugin(nil)
	require.NoError(t, err)
	got, err := p.BuildAnalyzers()
	require.NoError(t, err)
	assert.Equal(t, analyzers.All, got, "no settings: the whole suite, in order")
	assert.Equal(t, register.LoadModeTypesInfo, p.GetLoadMode())
}

func TestSettingsSetFlags(t *testing.T) {
	resetFlags(t)
	_, err := golangciplugin.New(map[string]any{"httptimeout": map[string]any{"tests": true}})
	require.NoError(t, err)
	assert.Equal(t, "true", flagValue(t, httptimeout.Analyzer, "tests"))

	// A later call without the option puts it back to its default.
	_, err = golangciplugin.New(map[string]any{"httptimeout": map[string]any{}})
	require.NoError(t, err)
	assert.Equal(t, "false", flagValue(t, httptimeout.Analyzer, "tests"))
}

// TestEveryBoolFlag flips every boolean flag of every analyzer in the suite
// through the settings, and checks that nil settings restore the defaults.
func TestEveryBoolFlag(t *testing.T) {
	resetFlags(t)
	settings := map[string]any{}
	want := map[string]string{}
	for _, a := range analyzers.All {
		opts := map[string]any{}
		a.Flags.VisitAll(func(f *flag.Flag) {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				opts[f.Name] = f.DefValue != "true"
				want[a.Name+"."+f.Name] = map[bool]string{true: "false", false: "true"}[f.DefValue == "true"]
			}
		})
		settings[a.Name] = opts
	}
	require.NotEmpty(t, want, "the suite has boolean flags (-tests at least)")
	_, err := golangciplugin.New(settings)
	require.NoError(t, err)
	for _, a := range analyzers.All {
		a.Flags.VisitAll(func(f *flag.Flag) {
			if w, ok := want[a.Name+"."+f.Name]; ok {
				assert.Equal(t, w, f.Value.String(), "%s.%s", a.Name, f.Name)
			}
		})
	}

	_, err = golangciplugin.New(nil)
	require.NoError(t, err)
	for _, a := range analyzers.All {
		a.Flags.VisitAll(func(f *flag.Flag) {
			assert.Equal(t, f.DefValue, f.Value.String(), "%s.%s after New(nil)", a.Name, f.Name)
		})
	}
}

// TestKeyCase: golangci-lint lower-cases every key of the settings; names are
// matched without regard to case, so both spellings work.
func TestKeyCase(t *testing.T) {
	resetFlags(t)
	_, err := golangciplugin.New(map[string]any{"HTTPTimeout": map[string]any{"Tests": "true"}})
	require.NoError(t, err)
	assert.Equal(t, "true", flagValue(t, httptimeout.Analyzer, "tests"))
}

func TestValueForms(t *testing.T) {
	for _, value := range []any{true, "true", "TRUE", "1"} {
		resetFlags(t)
		_, err := golangciplugin.New(map[string]any{"httptimeout": map[string]any{"tests": value}})
		require.NoError(t, err, "tests: %v", value)
		assert.Equal(t, "true", flagValue(t, httptimeout.Analyzer, "tests"), "tests: %v", value)
	}

	// "tests:" with no value reaches the flag as "", which a boolean
	// flag rejects.
	_, err := golangciplugin.New(map[string]any{"httptimeout": map[string]any{"tests": nil}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `httptimeout.tests: invalid value ""`)
}

func TestDisable(t *testing.T) {
	resetFlags(t)
	for _, form := range []any{[]any{"httptimeout"}, "httptimeout", []any{"HTTPTIMEOUT"}} {
		p, err := golangciplugin.New(map[string]any{"disable": form})
		require.NoError(t, err, "disable: %v", form)
		got, err := p.BuildAnalyzers()
		require.NoError(t, err)
		want := slices.DeleteFunc(slices.Clone(analyzers.All), func(a *analysis.Analyzer) bool { return a == httptimeout.Analyzer })
		assert.Equal(t, want, got, "disable: %v", form)
	}
}

// TestErrors: each bad setting gives an error that names it.
func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings any
		want     []string
	}{
		{"unknown analyzer", map[string]any{"nosuch": map[string]any{"tests": true}},
			[]string{`conclint settings:`, `unknown analyzer "nosuch"`, "httptimeout"}},
		{"unknown option", map[string]any{"httptimeout": map[string]any{"test": true}},
			[]string{`httptimeout has no option "test"`, "options: caller-context, tests"}},
		{"bad value", map[string]any{"httptimeout": map[string]any{"tests": "maybe"}},
			[]string{`httptimeout.tests: invalid value "maybe"`}},
		{"options not a map", map[string]any{"httptimeout": true},
			[]string{"httptimeout: want a map of its options (caller-context, tests)"}},
		{"nested value", map[string]any{"httptimeout": map[string]any{"tests": map[string]any{"a": 1}}},
			[]string{"httptimeout.tests: want a scalar or a list of scalars, got a map"}},
		{"disable unknown", map[string]any{"disable": []any{"nosuch"}},
			[]string{`disable: unknown analyzer "nosuch"`}},
		{"disable not a list", map[string]any{"disable": map[string]any{"httptimeout": true}},
			[]string{"disable: want a list of analyzer names, got a map"}},
		{"settings not a map", []any{"httptimeout"},
			[]string{"conclint settings: decoding settings"}},
		{"all reported", map[string]any{"nosuch": nil, "httptimeout": map[string]any{"test": true}},
			[]string{`unknown analyzer "nosuch"`, `httptimeout has no option "test"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resetFlags(t)
			p, err := golangciplugin.New(tc.settings)
			require.Error(t, err)
			assert.Nil(t, p)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// TestExampleConfig checks the repository's .golangci-plugin.yml: its
// settings are accepted, they show every analyzer of the suite and every one
// of its flags, each at its default (so copying the file changes nothing),
// and they name nothing else.
func TestExampleConfig(t *testing.T) {
	resetFlags(t)
	data, err := os.ReadFile("../../.golangci-plugin.yml")
	require.NoError(t, err)
	var cfg struct {
		Version string
		Linters struct {
			Default  string
			Enable   []string
			Settings struct {
				Custom map[string]struct {
					Type        string
					Description string
					OriginalURL string `yaml:"original-url"`
					Settings    map[string]any
				}
			}
		}
	}
	require.NoError(t, yaml.Unmarshal(data, &cfg))
	assert.Equal(t, "2", cfg.Version)
	assert.Contains(t, cfg.Linters.Enable, "conclint")
	c, ok := cfg.Linters.Settings.Custom["conclint"]
	require.True(t, ok, "linters.settings.custom.conclint is missing")
	assert.Equal(t, "module", c.Type)
	assert.NotEmpty(t, c.Description)

	// What golangci-lint hands the plugin: the settings through JSON.
	p, err := golangciplugin.New(c.Settings)
	require.NoError(t, err)
	got, err := p.BuildAnalyzers()
	require.NoError(t, err)
	assert.Equal(t, analyzers.All, got, "the example disables nothing")

	assert.Contains(t, c.Settings, "disable")
	for _, a := range analyzers.All {
		opts, ok := c.Settings[a.Name].(map[string]any)
		if !assert.True(t, ok, "analyzer %s is not shown in .golangci-plugin.yml", a.Name) {
			continue
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			v, ok := opts[f.Name]
			if assert.True(t, ok, "flag %s.%s is not shown in .golangci-plugin.yml", a.Name, f.Name) {
				assert.Equal(t, f.DefValue, yamlText(v), "%s.%s in .golangci-plugin.yml is not its default", a.Name, f.Name)
			}
		})
	}
}

func yamlText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case bool:
		if v {
			return "true"
		}
		return "false"
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// TestPackageCommentExample checks the settings shown in the package comment:
// the plugin accepts them, so the example cannot name an option that does
// not exist.
func TestPackageCommentExample(t *testing.T) {
	resetFlags(t)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "golangciplugin.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	require.NoError(t, err)
	var example []string
	for line := range strings.Lines(f.Doc.Text()) {
		if strings.HasPrefix(line, "\t") {
			example = append(example, strings.TrimPrefix(line, "\t"))
		}
	}
	require.NotEmpty(t, example, "the package comment shows no settings")
	var cfg struct{ Settings map[string]any }
	require.NoError(t, yaml.Unmarshal([]byte(strings.Join(example, "")), &cfg))
	require.NotEmpty(t, cfg.Settings)
	_, err = golangciplugin.New(cfg.Settings)
	assert.NoError(t, err, "the package comment's example settings")
}
