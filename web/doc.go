// Package web serves Clientele's back-office page and its JSON API on the import core.
//
// The server keeps nothing between requests but in the database, so that any number of
// processes on one database serve the same users: sessions, imports with their uploaded files,
// staged rows and progress, the tenants' saved column mappings, and the login attempts the
// login limits count (two processes share one limit; limiter.go). An upload waits on the local disk
// (Config.TempDir) only while its request is read; it is then stored with its import, and the
// work on it — reading and checking the file — is a job of package jobs, which any process
// works.
//
// Every deadline is measured by Config.Now.
package web
