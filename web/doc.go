// Package web serves Clientele's back-office page and its JSON API on the import core.
//
// Most of what the server knows lives in the database, so that several processes on one
// PostgreSQL serve the same users: sessions, imports with their staged rows and progress, the
// tenants' saved column mappings, and the failed logins the rate limiter counts (two processes
// share one limit). The rest, and where it is:
//
//   - The upload folder (Config.TempDir) holds each upload while it is read, the rows of a file
//     while they are checked (importer.Importer.TempDir), and the file of an import waiting for
//     its column mapping (kept.go). That file is named by the import, so processes on one
//     database must share the folder for one to map an import another received; it is deleted
//     after Config.KeepMapping.
//   - Each process reads and checks uploads in goroutines of its own, detached from the request
//     (Server.Wait, Server.Close), and sweeps expired kept files every hour. A process that dies
//     mid-check leaves its import checking; any process fails it once its progress has not moved
//     for Config.StaleAfter.
//
// Every deadline is measured by Config.Now.
package web
