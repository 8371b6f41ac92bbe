package customer

import (
	"errors"
	"fmt"
)

// ErrorCode classifies an application error. Each code maps to one HTTP status (web) and one exit
// status (CLI), so the faces of Clientele report failures the same way.
type ErrorCode string

// The application error codes.
const (
	EInvalid      ErrorCode = "invalid"      // bad input from the caller (usage, a malformed request)
	EFile         ErrorCode = "file"         // the file cannot be read as a customer file
	ENotFound     ErrorCode = "not_found"    // no such thing in this tenant
	EConflict     ErrorCode = "conflict"     // the request conflicts with the current state
	EUnauthorized ErrorCode = "unauthorized" // not logged in
	EForbidden    ErrorCode = "forbidden"    // logged in, but not allowed
	ETooLarge     ErrorCode = "too_large"    // over a configured size limit
	EInternal     ErrorCode = "internal"     // a bug or an infrastructure failure
)

// Error is Clientele's one application error type. Message is written for the person using
// Clientele; wrapped causes stay available to errors.Is/As for logs.
type Error struct {
	Code    ErrorCode
	Message string
	Err     error
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCodeOf returns the code of the first *Error in err's chain, EInternal for any other
// non-nil error, and "" for nil.
func ErrorCodeOf(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the message a person should see for err: the *Error's message, or a
// generic one for internal errors (whose details belong in logs, not on a shop owner's screen).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EInternal {
		return e.Error()
	}
	return "Internal error."
}
