package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseDirective(t *testing.T) {
	for _, tc := range []struct {
		text      string
		ok        bool
		file      bool
		analyzers []string
		reason    string
		err       string
	}{
		{text: "// ordinary comment"},
		{text: "//conclint:ignored httptimeout x"},
		{text: "//nolint:conclint"},
		{text: "//conclint:ignore httptimeout the caller sets a deadline", ok: true, analyzers: []string{"httptimeout"}, reason: "the caller sets a deadline"},
		{text: "//conclint:ignore httptimeout,handlerblock  two   spaces", ok: true, analyzers: []string{"httptimeout", "handlerblock"}, reason: "two spaces"},
		{text: "//conclint:file-ignore unboundedgo generated fan-out", ok: true, file: true, analyzers: []string{"unboundedgo"}, reason: "generated fan-out"},
		{text: "//conclint:ignore httptimeout", ok: true, analyzers: []string{"httptimeout"}, err: "needs a reason after the analyzer names"},
		{text: "//conclint:ignore", ok: true, err: "names no analyzer"},
		{text: "//conclint:ignore a,,b reason", ok: true, err: `has an empty analyzer name in "a,,b"`},
		{text: "//conclint:file-ignore\thttptimeout\treason", ok: true, file: true, analyzers: []string{"httptimeout"}, reason: "reason"},
	} {
		d, ok := ParseDirective(tc.text)
		assert.Equal(t, tc.ok, ok, tc.text)
		if !ok {
			continue
		}
		assert.Equal(t, tc.file, d.File, tc.text)
		assert.Equal(t, tc.err, d.Err, tc.text)
		if tc.err == "" {
			assert.Equal(t, tc.analyzers, d.Analyzers, tc.text)
			assert.Equal(t, tc.reason, d.Reason, tc.text)
		}
	}
}

func FuzzParseDirective(f *testing.F) {
	f.Add("//conclint:ignore httptimeout reason")
	f.Add("//conclint:file-ignore a,b reason")
	f.Add("//conclint:ignore ,")
	f.Fuzz(func(t *testing.T, text string) {
		d, ok := ParseDirective(text)
		if !ok {
			return
		}
		if d.Err == "" && (len(d.Analyzers) == 0 || d.Reason == "") {
			t.Errorf("%q: well-formed directive without analyzers or reason: %+v", text, d)
		}
		for _, a := range d.Analyzers {
			if a == "" && d.Err == "" {
				t.Errorf("%q: empty analyzer name accepted", text)
			}
		}
	})
}
