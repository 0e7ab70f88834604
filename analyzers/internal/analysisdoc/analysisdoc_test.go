package analysisdoc

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const src = `// Package foo does things.
//
// # Analyzer foo
//
// foo: find things
//
// Longer text.
//
// # Other
//
// Not included.
package foo
`

func TestExtract(t *testing.T) {
	doc, err := Extract(src, "foo")
	require.NoError(t, err)
	assert.Equal(t, "find things\n\nLonger text.", doc)
	assert.Equal(t, doc, Doc(src, "foo"))
}

func TestExtractErrors(t *testing.T) {
	for name, content := range map[string]string{
		"missing section": "// Package foo.\npackage foo\n",
		"no comment":      "package foo\n",
		"bad title":       "// Package foo.\n//\n// # Analyzer foo\n//\n// find things\npackage foo\n",
		"not go":          "this is not Go",
	} {
		_, err := Extract(content, "foo")
		assert.Error(t, err, name)
	}
	assert.NotPanics(t, func() { Doc("package foo\n", "foo") })
	assert.Contains(t, Doc("package foo\n", "foo"), "documentation unavailable")
}
