package a

import (
	"context"

	validation "github.com/go-ozzo/ozzo-validation/v4"
)

type settings struct {
	Name string
}

// A validation library's context variant hands the context to the rules
// given at the call, which check values in memory: passing it changes
// nothing a caller giving up would notice (knowledge.CtxPropagationExclusions).
func (s *settings) ValidateSettings(ctx context.Context) error {
	return validation.ValidateStruct(s,
		validation.Field(&s.Name),
	)
}
