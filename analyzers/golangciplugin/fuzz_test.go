package golangciplugin_test

import (
	"flag"
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/conclint/conclint/analyzers"
	"github.com/conclint/conclint/analyzers/golangciplugin"
)

// flagValues returns every analyzer flag's current text, by "analyzer.flag".
func flagValues() map[string]string {
	m := make(map[string]string)
	for _, a := range analyzers.All {
		a.Flags.VisitAll(func(f *flag.Flag) { m[a.Name+"."+f.Name] = f.Value.String() })
	}
	return m
}

// FuzzSettings feeds New the settings golangci-lint would decode from YAML
// text (what goes under linters.settings.custom.conclint.settings): a bad
// setting is an error, never a panic. Accepted settings give a subset of the
// suite, in order, and leave every flag with a value that reads back; New(nil)
// then puts every flag back to its default. Seeds: the settings of
// .golangci-plugin.yml, below, and testdata/fuzz/FuzzSettings. Run with
// `go test ./analyzers/golangciplugin -run='^$' -fuzz=FuzzSettings -fuzzminimizetime=5s`
// (with the default minimizing time, each new YAML input found holds the
// worker for up to a minute).
func FuzzSettings(f *testing.F) {
	defaults := flagValues()
	f.Cleanup(func() {
		for _, a := range analyzers.All {
			a.Flags.VisitAll(func(fl *flag.Flag) { _ = fl.Value.Set(fl.DefValue) })
		}
	})
	if data, err := os.ReadFile("../../.golangci-plugin.yml"); err == nil {
		var doc struct {
			Linters struct {
				Settings struct {
					Custom struct {
						Conclint struct {
							Settings yaml.Node `yaml:"settings"`
						} `yaml:"conclint"`
					} `yaml:"custom"`
				} `yaml:"settings"`
			} `yaml:"linters"`
		}
		if yaml.Unmarshal(data, &doc) == nil {
			if out, err := yaml.Marshal(&doc.Linters.Settings.Custom.Conclint.Settings); err == nil {
				f.Add(string(out))
			}
		}
	}
	for _, s := range []string{
		"",
		"disable: [unboundedgo]\nhttptimeout:\n  tests: true\n",
		"disable: httptimeout, handlerblock\n",
		"HandlerBlock:\n  Blocking-Funcs: [example.com/retry.Do, '(*example.com/q.Queue).Wait']\n",
		"ctxpropagation:\n  exclude: example.com/log\nperrequestclient:\n  constructors: [1, 2.5, true, null]\n",
		"httptimeout:\n  tests: [[true]]\n",
		"httptimeout: [tests]\n",
		"a: &x [*x]\n",
		"1: 2\n",
		"- httptimeout\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var conf any
		if err := yaml.Unmarshal([]byte(text), &conf); err != nil {
			return
		}
		p, err := golangciplugin.New(conf)
		if err != nil {
			if p != nil {
				t.Errorf("%q: New returned a plugin with its error %v", text, err)
			}
			if err.Error() == "" {
				t.Errorf("%q: empty error", text)
			}
		} else {
			suite, err := p.BuildAnalyzers()
			if err != nil {
				t.Fatalf("%q: BuildAnalyzers: %v", text, err)
			}
			i := 0
			for _, a := range suite {
				j := slices.Index(analyzers.All[i:], a)
				if a == nil || j < 0 {
					t.Fatalf("%q: BuildAnalyzers gave %v, not a subset of the suite in order", text, suite)
				}
				i += j + 1
			}
			for _, a := range analyzers.All {
				a.Flags.VisitAll(func(fl *flag.Flag) {
					if err := fl.Value.Set(fl.Value.String()); err != nil {
						t.Errorf("%q: %s.%s=%q does not read back: %v", text, a.Name, fl.Name, fl.Value.String(), err)
					}
				})
			}
		}
		if _, err := golangciplugin.New(nil); err != nil {
			t.Fatalf("New(nil) after %q: %v", text, err)
		}
		for k, v := range flagValues() {
			if v != defaults[k] {
				t.Errorf("New(nil) after %q: %s=%q, want its default %q", text, k, v, defaults[k])
			}
		}
	})
}
