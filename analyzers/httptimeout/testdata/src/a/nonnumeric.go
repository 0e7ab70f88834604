package a

import (
	"net/http"
	"time"
)

// Fields of a server assigned constants that are not numbers (a bool, a
// string): they are not timeouts, and checking them must not stop the
// analysis. (A soak over net/http's tests panicked on
// ts.Config.DisableGeneralOptionsHandler = true: constant.Sign of a bool.)

func nonNumericConstFields(h http.Handler) *http.Server {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: time.Second}
	srv.Addr = ":8080"
	srv.DisableGeneralOptionsHandler = true
	return srv
}

func nonNumericConstOnly() *http.Server {
	srv := &http.Server{} // want `http.Server has neither ReadHeaderTimeout nor ReadTimeout`
	srv.DisableGeneralOptionsHandler = true
	srv.Addr = ":8080"
	return srv
}
