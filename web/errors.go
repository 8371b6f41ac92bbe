package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/clientele/clientele/customer"
)

// statusOf maps an application error code to its HTTP status.
func statusOf(code customer.ErrorCode) int {
	switch code {
	case customer.EInvalid:
		return http.StatusBadRequest
	case customer.EFile:
		return http.StatusUnprocessableEntity
	case customer.ENotFound:
		return http.StatusNotFound
	case customer.EConflict:
		return http.StatusConflict
	case customer.EUnauthorized:
		return http.StatusUnauthorized
	case customer.EForbidden:
		return http.StatusForbidden
	case customer.ETooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// errorBody is the JSON shape of every error the API answers.
type errorBody struct {
	Error struct {
		Code    customer.ErrorCode `json:"code"`
		Message string             `json:"message"`
	} `json:"error"`
}

// writeError answers err as JSON. Internal errors are logged with their cause and shown to the
// user only as "Internal error.", since their details mean nothing to a shop owner.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	s.writeErrorIn(w, r, err, "en")
}

// writeErrorIn is writeError for a request whose user is known: an error made from a file
// message id (a file that cannot be read, customer/i18n_file.go) is said in lang, the user's
// language; other messages stay English.
func (s *Server) writeErrorIn(w http.ResponseWriter, r *http.Request, err error, lang string) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		err = customer.Errorf(customer.ETooLarge, "The file is larger than the upload limit of %s.", megabytes(tooBig.Limit))
	}
	code := customer.ErrorCodeOf(err)
	if code == customer.EInternal {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	var body errorBody
	body.Error.Code = code
	body.Error.Message = customer.ErrorMessageIn(err, lang)
	if code == customer.ETooLarge {
		// The client may still be sending the body: close the connection rather than read it.
		w.Header().Set("Connection", "close")
	}
	writeJSON(w, statusOf(code), body)
}

// writeJSON answers v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// readJSON decodes a small JSON request body into v; EInvalid when it is not valid JSON.
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return customer.Errorf(customer.EInvalid, "The request body is not the JSON expected: %v.", err)
	}
	return nil
}
