// Package validation is a stub of github.com/go-ozzo/ozzo-validation/v4:
// the context of the WithContext variants reaches only the rules.
package validation

import "context"

type Rule interface {
	Validate(value interface{}) error
}

type RuleWithContext interface {
	ValidateWithContext(ctx context.Context, value interface{}) error
}

type FieldRules struct {
	ptr   interface{}
	rules []Rule
}

func Field(fieldPtr interface{}, rules ...Rule) *FieldRules {
	return &FieldRules{fieldPtr, rules}
}

func ValidateStruct(structPtr interface{}, fields ...*FieldRules) error {
	for _, f := range fields {
		for _, r := range f.rules {
			if err := r.Validate(f.ptr); err != nil {
				return err
			}
		}
	}
	return nil
}

func ValidateStructWithContext(ctx context.Context, structPtr interface{}, fields ...*FieldRules) error {
	for _, f := range fields {
		for _, r := range f.rules {
			if rc, ok := r.(RuleWithContext); ok {
				if err := rc.ValidateWithContext(ctx, f.ptr); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
