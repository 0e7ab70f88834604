package knowledge

// A HandlerParam describes the request parameter of a web framework's
// handler signature: a function whose only parameter has this type (and whose
// results are Results) is a request handler.
type HandlerParam struct {
	Framework string // short name used in messages
	Path      string // import path of the package declaring the type
	Type      string // type name
	Pointer   bool   // the parameter is *Type rather than Type
	Results   string // "" for no results, "error" for a single error result
	// CtxExpr yields the request's context from the parameter; %s stands for
	// the parameter's name.
	CtxExpr string
}

// HandlerParams lists the framework handler shapes recognised besides
// net/http's func(http.ResponseWriter, *http.Request), which chi, gorilla/mux
// and most other routers reuse unchanged.
var HandlerParams = []HandlerParam{
	// gin: the *gin.Context outlives nothing, its Request carries the context.
	{"gin", "github.com/gin-gonic/gin", "Context", true, "", "%s.Request.Context()"},
	// echo v4: echo.Context is an interface; Request() returns *http.Request.
	{"echo", "github.com/labstack/echo/v4", "Context", false, "error", "%s.Request().Context()"},
	// echo v5 made the context a struct passed by pointer.
	{"echo", "github.com/labstack/echo/v5", "Context", true, "error", "%s.Request().Context()"},
	// fiber v2 (fasthttp): UserContext is the context a handler should pass on.
	{"fiber", "github.com/gofiber/fiber/v2", "Ctx", true, "error", "%s.UserContext()"},
	// fiber v3: Ctx became an interface and Context() replaced UserContext().
	{"fiber", "github.com/gofiber/fiber/v3", "Ctx", false, "error", "%s.Context()"},
}
