// Package svc declares a command's actions beside a service.
package svc

import (
	"context"
	"database/sql"

	"github.com/urfave/cli/v3"
)

var db *sql.DB

func Commands() *cli.Command {
	return &cli.Command{
		Name: "sync",
		Action: func(ctx context.Context, cmd *cli.Command) error {
			_, err := db.Query("SELECT 1") // ok: a command's action runs once
			return err
		},
		Commands: []*cli.Command{{Name: "serve", Action: serveCmd}},
	}
}

func serveCmd(ctx context.Context, cmd *cli.Command) error {
	_, err := db.Exec("UPDATE t SET x = 1") // ok: given as an action
	return err
}

type Service struct{ db *sql.DB }

// Not an action: the service's own code is reported.
func (s *Service) Sync(ctx context.Context) error {
	_, err := s.db.Query("SELECT 1") // want `s.db.Query ignores the caller's context`
	return err
}
