package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/clientele/clientele/customer"
)

// readiness is what /readyz asks of the store.
type readiness interface {
	// Ready returns nil when the database answers and its schema is the one this binary
	// expects; otherwise an error whose message (a *customer.Error's) may be shown to anyone.
	Ready(ctx context.Context) error
}

// readyTimeout bounds a readiness check: a probe that hangs on a dead database would hold a
// goroutine and a connection for as long as the probe's client waits.
const readyTimeout = 5 * time.Second

// handleHealth answers that the process is up. It touches no database, so a slow database does
// not get a live server restarted.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// readyBody is what /readyz answers.
type readyBody struct {
	Ready  bool   `json:"ready"`
	Reason string `json:"reason,omitempty"`
}

// handleReady answers 200 when the database answers and its migrations are applied, 503 with the
// reason otherwise, so that a load balancer sends no requests to a server that cannot serve them.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	err := s.store.Ready(ctx)
	if err == nil {
		writeJSON(w, http.StatusOK, readyBody{Ready: true})
		return
	}
	// The message is meant for anyone; its cause (hosts, users, driver text) only for the log.
	reason, cause := "The database is not ready.", err
	var ce *customer.Error
	if errors.As(err, &ce) && ce.Message != "" {
		reason = ce.Message
		if ce.Err != nil {
			cause = ce.Err
		}
	}
	s.log.Warn("not ready", "reason", reason, "err", cause)
	writeJSON(w, http.StatusServiceUnavailable, readyBody{Reason: reason})
}

// handleMetrics answers the server's Prometheus metrics (metrics.go).
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	s.metrics.serve.ServeHTTP(w, r)
}
