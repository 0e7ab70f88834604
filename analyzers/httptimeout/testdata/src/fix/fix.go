package fix

import "net/http"

func serve(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h} // want `http.Server has neither`
	_ = srv
	multi := &http.Server{ // want `http.Server has neither`
		Addr:    ":8080",
		Handler: h,
	}
	_ = multi
	_ = &http.Server{} // want `http.Server has neither`
	return http.ListenAndServe(":8080", h) // want `http.ListenAndServe serves with no timeouts`
}

// The fix keeps the arguments as written, comments included (report.Source).
func serveTLS(h http.Handler, dir string) error {
	return http.ListenAndServeTLS(":8443", dir+ /* from the config */ "cert.pem", dir+"key.pem", h) // want `http.ListenAndServeTLS serves with no timeouts`
}
