// Package pgxpool is a stub of pgx v5's pgxpool for tests.
package pgxpool

import "context"

type Pool struct{}

func (*Pool) Close() {}

type Config struct{}

func ParseConfig(s string) (*Config, error) { return &Config{}, nil }

func New(ctx context.Context, connString string) (*Pool, error)        { return &Pool{}, nil }
func NewWithConfig(ctx context.Context, config *Config) (*Pool, error) { return &Pool{}, nil }
