// Package web serves Clientele's back-office page and its JSON API on the import core.
//
// The server keeps no state of its own: sessions, imports and their progress live in the
// database, so several processes on one PostgreSQL serve the same users. That includes the
// failed logins the rate limiter counts, so two processes share one limit.
package web
