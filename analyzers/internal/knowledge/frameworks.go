package knowledge

// This file: the handler signatures of web frameworks, by which handlers
// and ctxscope find request handlers and the request's context in them.

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
	Reason  string
}

// HandlerParams lists the framework handler shapes recognised besides
// net/http's func(http.ResponseWriter, *http.Request), which chi, gorilla/mux
// and most other routers reuse unchanged.
var HandlerParams = []HandlerParam{
	{"gin", "github.com/gin-gonic/gin", "Context", true, "", "%s.Request.Context()",
		"gin's HandlerFunc takes a *gin.Context; its Request field is the *http.Request, which carries the context"},
	{"echo", "github.com/labstack/echo/v4", "Context", false, "error", "%s.Request().Context()",
		"echo v4's HandlerFunc takes the echo.Context interface and returns an error; Request() returns the *http.Request"},
	{"echo", "github.com/labstack/echo/v5", "Context", true, "error", "%s.Request().Context()",
		"echo v5 made the context a struct passed by pointer; Request() still returns the *http.Request"},
	{"fiber", "github.com/gofiber/fiber/v2", "Ctx", true, "error", "%s.UserContext()",
		"fiber v2 (fasthttp, no *http.Request) passes a *fiber.Ctx; UserContext is the context a handler should pass on"},
	{"fiber", "github.com/gofiber/fiber/v3", "Ctx", false, "error", "%s.Context()",
		"fiber v3 made Ctx an interface, and Context() replaced UserContext()"},
}

// CLIActionParams are the parameter types of command-line frameworks'
// actions: a function with a parameter of one of these types runs once per
// invocation of the command, like main, and perrequestclient treats it as
// start-up code.
var CLIActionParams = map[string]string{
	"github.com/spf13/cobra.Command":                "cobra calls Run/RunE(cmd *cobra.Command, args []string) once per command invocation",
	"github.com/urfave/cli.Context":                 "urfave/cli v1 calls an Action(*cli.Context) once per invocation",
	"github.com/urfave/cli/v2.Context":              "urfave/cli v2 calls an Action(*cli.Context) once per invocation",
	"github.com/urfave/cli/v3.Command":              "urfave/cli v3 calls an Action(ctx, *cli.Command) once per invocation",
	"github.com/alecthomas/kingpin/v2.ParseContext": "kingpin v2 calls an Action(*kingpin.ParseContext) once per invocation",
	"gopkg.in/alecthomas/kingpin.v2.ParseContext":   "kingpin v2 (gopkg.in path) calls an Action(*kingpin.ParseContext) once per invocation",
	"github.com/alecthomas/kingpin.ParseContext":    "kingpin v1 calls an Action(*kingpin.ParseContext) once per invocation",
}
