// Package web serves Clientele's back-office page and its JSON API on the import core.
//
// The server keeps no state of its own: sessions, imports and their progress live in the
// database, so several processes on one PostgreSQL serve the same users. The one exception is
// the login rate limiter, which is per process (a limit per process is still a limit).
package web
