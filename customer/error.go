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
//
// Msg and Args, when set, are the message id of the file-message catalogue (i18n_file.go) and its
// arguments that Message is the English rendering of, so that In can say it in the user's
// language; Message stays English for the CLI and logs.
type Error struct {
	Code    ErrorCode
	Message string
	Err     error
	Msg     string            // a file message id; "" for an error made with Errorf
	Args    map[string]string // the message's arguments by placeholder name
}

// FileErrorMsg returns an EFile *Error saying the file message id msg (i18n_file.go) with args;
// Message is its English rendering and cause stays available for logs.
func FileErrorMsg(msg string, args map[string]string, cause error) *Error {
	return &Error{Code: EFile, Message: renderFile(msg, "en", args), Err: cause, Msg: msg, Args: args}
}

// In returns the error's message in lang ("en", "nb" or "pl"); Error() for an error without a
// message id, an id the catalogue does not have, or an unknown language.
func (e *Error) In(lang string) string {
	if e.Msg != "" && KnownLanguage(lang) {
		if s := renderFile(e.Msg, lang, e.Args); s != "" {
			return s
		}
	}
	return e.Error()
}

// Notice returns the error's message as a Notice, to be stored and shown again in another
// language later.
func (e *Error) Notice() Notice {
	return Notice{Message: e.Error(), Msg: e.Msg, Args: e.Args}
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

// ErrorMessageIn is ErrorMessage in lang: an *Error made from a file message id is said in lang.
func ErrorMessageIn(err error, lang string) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EInternal {
		return e.In(lang)
	}
	return ErrorMessage(err)
}

// NoticeOf returns the Notice of the first *Error in err's chain that has a message id, nil when
// there is none (the message then has no other language than ErrorMessage's).
func NoticeOf(err error) *Notice {
	var e *Error
	if errors.As(err, &e) && e.Code != EInternal && e.Msg != "" {
		n := e.Notice()
		return &n
	}
	return nil
}
