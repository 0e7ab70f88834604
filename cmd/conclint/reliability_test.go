package main_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFactSanity runs the suite with the in-process checker's fact sanity
// checks (-debug=s: every fact a package inherits from a dependency is
// gob-encoded twice, the two encodings compared byte for byte, and the
// decoded copy used in its place, as go vet's separate processes do) over
// the example module. A fact that does not encode, or encodes
// nondeterministically, panics the checker with "internal error: encoding
// of ... fact"; a fact that loses what it carries on the way changes the
// findings.
func TestFactSanity(t *testing.T) {
	r := run(t, example, binary, "-inprocess", "-debug=s", "-json", "./...")
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	assert.NotContains(t, r.stderr, "panic")
	assert.NotContains(t, r.stderr, "internal error")
	w, _ := want(t)
	assert.Equal(t, w, jsonFindings(t, example, r.stdout))
}
