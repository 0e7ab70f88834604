// Package cli is a stub of github.com/urfave/cli/v3.
package cli

import "context"

type Command struct {
	Name     string
	Action   func(context.Context, *Command) error
	Commands []*Command
}
