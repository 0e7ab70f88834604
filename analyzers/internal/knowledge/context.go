package knowledge

// DetachingFuncs return a context deliberately separated from the caller's
// cancellation. A variable assigned from them does not carry the caller's
// context, and code using them is not failing to propagate it.
var DetachingFuncs = map[string]string{
	"context.WithoutCancel": "keeps values, drops cancellation: deliberate detachment",
	"context.Background":    "the root context: carries nothing from the caller",
	"context.TODO":          "the root context: carries nothing from the caller",
}
