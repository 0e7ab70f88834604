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
