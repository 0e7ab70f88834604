package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// go vet prints one tree per package; the front merges a package with its
// test variant, drops the findings they share, sorts by position (line 9
// before line 10), and keeps an analyzer's failure in the tree, where the
// in-process checker puts it.
func TestMergeVetJSON(t *testing.T) {
	out := `{"example.com/p": {"a": [{"posn": "/m/p/x.go:10:2", "message": "m10"}, {"posn": "/m/p/x.go:9:5", "message": "m9"}]}}
{"example.com/p [example.com/p.test]": {"a": [{"posn": "/m/p/x.go:9:5", "message": "m9"}], "b": {"error": "boom"}}}
`
	tree, err := mergeVetJSON([]byte(out))
	require.NoError(t, err)
	require.Len(t, tree, 1)
	var posns []string
	for _, d := range tree["example.com/p"]["a"].Diags {
		posns = append(posns, d.Posn)
	}
	assert.Equal(t, []string{"/m/p/x.go:9:5", "/m/p/x.go:10:2"}, posns)
	assert.Equal(t, []string{"example.com/p: b: boom"}, tree.failures())

	data, err := json.Marshal(tree)
	require.NoError(t, err)
	assert.JSONEq(t, `{"example.com/p": {"a": [{"posn": "/m/p/x.go:9:5", "message": "m9"}, {"posn": "/m/p/x.go:10:2", "message": "m10"}], "b": {"error": "boom"}}}`, string(data))

	_, err = mergeVetJSON([]byte(`{"example.com/p": {"a": 3}}`))
	assert.Error(t, err)
}
