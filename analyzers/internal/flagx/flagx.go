// Package flagx holds the parsing the analyzers' list-valued flags share.
package flagx

import "strings"

// List splits a comma-separated flag value into its items: each trimmed of
// white space, empty items dropped, order kept. "a, b,,c " is [a b c]; ""
// is nil.
func List(v string) []string {
	var items []string
	for item := range strings.SplitSeq(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}
