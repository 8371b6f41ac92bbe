package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/internal/poll"
	"github.com/clientele/clientele/sqlstore"
)

func TestHealth(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t), Config{})
	c := f.anonymous()
	check := func(when string) {
		t.Helper()
		res := c.do("GET", "/healthz", nil, "")
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK || string(b) != "ok\n" {
			t.Errorf("GET /healthz %s: %d %q, want 200 \"ok\\n\"", when, res.StatusCode, b)
		}
	}
	check("with the database up")
	// The process still answers: a closed database is /readyz's business, not /healthz's.
	f.store.Close()
	check("with the database closed")
}

// unready is a store whose readiness check fails with err.
type unready struct {
	*sqlstore.Store
	err error
}

func (u unready) Ready(context.Context) error { return u.err }

func TestReady(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		c := f.anonymous()
		var body readyBody
		c.decode(c.do("GET", "/readyz", nil, ""), http.StatusOK, &body)
		if !body.Ready || body.Reason != "" {
			t.Errorf("GET /readyz on a migrated database: %+v", body)
		}
		f.store.Close()
		body = readyBody{}
		c.decode(c.do("GET", "/readyz", nil, ""), http.StatusServiceUnavailable, &body)
		if body.Ready || body.Reason != "The database does not answer." {
			t.Errorf("GET /readyz on a closed store: %+v", body)
		}
	})

	st, err := sqlstore.Open(context.Background(), dbtest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, tc := range []struct {
		name   string
		err    error
		reason string
	}{
		{"pending migrations", customer.Errorf(customer.EInternal, "The database's schema is older than this version of Clientele: migrations are pending."),
			"The database's schema is older than this version of Clientele: migrations are pending."},
		// The cause stays in the log: it may name the database's host and user.
		{"message with a cause", &customer.Error{Code: customer.EInternal, Message: "The database does not answer.", Err: errors.New("dial tcp 10.0.0.7:5432: connection refused")},
			"The database does not answer."},
		{"plain error", errors.New("dial tcp 10.0.0.7:5432: connection refused"), "The database is not ready."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := New(Config{Store: unready{st, tc.err}, TempDir: t.TempDir(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
			hs := httptest.NewServer(srv.Handler())
			t.Cleanup(hs.Close)
			res, err := http.Get(hs.URL + "/readyz")
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var body readyBody
			if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != http.StatusServiceUnavailable || body.Ready || body.Reason != tc.reason {
				t.Errorf("GET /readyz = %d %+v, want 503 with reason %q", res.StatusCode, body, tc.reason)
			}
		})
	}
}

// scrape reads the server's /metrics as metric families.
func scrape(t *testing.T, c *client) map[string]*dto.MetricFamily {
	t.Helper()
	res := c.do("GET", "/metrics", nil, "")
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: status %d", res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("GET /metrics: Content-Type %q, want the text format", ct)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("GET /metrics: %v", err)
	}
	return families
}

// sample finds the sample of family name with exactly the labels given; nil when there is none.
func sample(families map[string]*dto.MetricFamily, name string, labels map[string]string) *dto.Metric {
	mf := families[name]
	if mf == nil {
		return nil
	}
	for _, m := range mf.GetMetric() {
		got := map[string]string{}
		for _, lp := range m.GetLabel() {
			got[lp.GetName()] = lp.GetValue()
		}
		if len(got) == len(labels) && func() bool {
			for k, v := range labels {
				if got[k] != v {
					return false
				}
			}
			return true
		}() {
			return m
		}
	}
	return nil
}

func requestCount(families map[string]*dto.MetricFamily, route, method, code string) float64 {
	m := sample(families, "clientele_http_requests_total", map[string]string{"route": route, "method": method, "code": code})
	if m == nil {
		return -1
	}
	return m.GetCounter().GetValue()
}

func TestMetrics(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t), Config{})
	c := f.anonymous()
	get := func(path string, want int) {
		t.Helper()
		res := c.do("GET", path, nil, "")
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != want {
			t.Fatalf("GET %s: status %d, want %d", path, res.StatusCode, want)
		}
	}
	get("/healthz", 200)
	get("/healthz", 200)
	get("/readyz", 200)
	get("/api/customers/5", 401)
	get("/api/customers/6", 401)
	get("/api/no-such-route", 404)
	get("/no-such-page", 404)
	res := c.do("BREW", "/healthz", nil, "")
	res.Body.Close()

	// The imports gauge is read from the database, across tenants.
	ctx := context.Background()
	for _, imp := range []customer.Import{
		{TenantID: f.oslo.ID, State: customer.StateStaged},
		{TenantID: f.krakow.ID, State: customer.StateStaged},
		{TenantID: f.oslo.ID, State: customer.StateFailed},
	} {
		if err := f.store.CreateImport(ctx, &imp); err != nil {
			t.Fatal(err)
		}
	}

	families := scrape(t, c)
	for _, tc := range []struct {
		route, method, code string
		want                float64
	}{
		{"/healthz", "GET", "200", 2},
		{"/readyz", "GET", "200", 1},
		// The route is the pattern: two customers, one series.
		{"/api/customers/{id}", "GET", "401", 2},
		{"/api/", "GET", "404", 1},
		{"unmatched", "GET", "404", 1},
		{"unmatched", "OTHER", "405", 1},
	} {
		if got := requestCount(families, tc.route, tc.method, tc.code); got != tc.want {
			t.Errorf("clientele_http_requests_total{route=%q,method=%q,code=%q} = %v, want %v", tc.route, tc.method, tc.code, got, tc.want)
		}
	}
	for _, m := range families["clientele_http_requests_total"].GetMetric() {
		for _, lp := range m.GetLabel() {
			if lp.GetName() == "route" && (strings.Contains(lp.GetValue(), "/5") || strings.Contains(lp.GetValue(), "no-such")) {
				t.Errorf("a route label holds a raw path: %q", lp.GetValue())
			}
		}
	}
	if m := sample(families, "clientele_http_request_duration_seconds", map[string]string{"route": "/healthz", "method": "GET"}); m.GetHistogram().GetSampleCount() != 2 {
		t.Errorf("clientele_http_request_duration_seconds{route=\"/healthz\"}: %v observations, want 2", m.GetHistogram().GetSampleCount())
	}

	wantImports := map[customer.State]float64{customer.StateStaged: 2, customer.StateFailed: 1, customer.StateCommitted: 0, customer.StateChecking: 0}
	for st, want := range wantImports {
		m := sample(families, "clientele_imports", map[string]string{"state": string(st)})
		if m == nil || m.GetGauge().GetValue() != want {
			t.Errorf("clientele_imports{state=%q} = %v, want %v", st, m.GetGauge(), want)
		}
	}
	for _, stage := range []string{"read", "checked", "committed"} {
		m := sample(families, "clientele_rows_total", map[string]string{"stage": stage})
		if m == nil || m.GetCounter().GetValue() != 0 {
			t.Errorf("clientele_rows_total{stage=%q} before any import = %v, want 0", stage, m.GetCounter())
		}
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes"} {
		if families[name] == nil {
			t.Errorf("%s is missing", name)
		}
	}

	t.Run("a second server counts its own", func(t *testing.T) {
		_, hs := f.serve(Config{})
		other := &client{f: f, base: hs.URL, hc: hs.Client()}
		families := scrape(t, other)
		if got := requestCount(families, "/healthz", "GET", "200"); got != -1 {
			t.Errorf("the second server counted the first's /healthz: %v", got)
		}
	})

	t.Run("database down", func(t *testing.T) {
		f.store.Close()
		families := scrape(t, c)
		if families["clientele_imports"] != nil {
			t.Errorf("clientele_imports served with the database closed: %v", families["clientele_imports"])
		}
		if got := requestCount(families, "/healthz", "GET", "200"); got != 2 {
			t.Errorf("the HTTP counters are not served with the database closed: /healthz %v", got)
		}
	})
}

// TestMetricsRows: the rows a job reads and checks, and those a confirm commits, are counted;
// a retried confirm counts nothing again.
func TestMetricsRows(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t), Config{})
	mgr := f.login("manager@oslo.no")
	imp := mgr.stageFixture()
	mgr.confirm(imp.ID)
	var again importBody
	mgr.decode(mgr.do("POST", fmt.Sprintf("/api/imports/%d/confirm", imp.ID), nil, ""), http.StatusOK, &again)
	families := scrape(t, f.anonymous())
	rows, written := float64(imp.Summary.Rows), float64(imp.Summary.New+imp.Summary.Update)
	if rows == 0 || written == 0 {
		t.Fatalf("the fixture staged %+v", imp.Summary)
	}
	for stage, want := range map[string]float64{"read": rows, "checked": rows, "committed": written} {
		got := sample(families, "clientele_rows_total", map[string]string{"stage": stage})
		if got == nil || got.GetCounter().GetValue() != want {
			t.Errorf("clientele_rows_total{stage=%q} = %v, want %v", stage, got.GetCounter(), want)
		}
	}
	// The jobs that did it: one check and one confirm, done (each recorded just after its import
	// moved on); no job left waiting once the workers have taken what is queued (the periodic
	// sweep may be queued for a moment on a busy machine).
	jobsDone := func() bool {
		families = scrape(t, f.anonymous())
		for _, kind := range []string{"stage_import", "confirm_import"} {
			got := sample(families, "clientele_job_duration_seconds", map[string]string{"kind": kind, "outcome": "done"})
			if got == nil || got.GetHistogram().GetSampleCount() != 1 {
				return false
			}
		}
		for _, queue := range []string{"small", "large"} {
			if got := sample(families, "clientele_jobs_waiting", map[string]string{"queue": queue}); got == nil || got.GetGauge().GetValue() != 0 {
				return false
			}
		}
		return true
	}
	if !poll.Until(10*time.Second, 5*time.Millisecond, jobsDone) {
		t.Errorf("clientele_job_duration_seconds: %v, want one stage_import and one confirm_import done", families["clientele_job_duration_seconds"])
	}
	for _, queue := range []string{"small", "large"} {
		got := sample(families, "clientele_jobs_waiting", map[string]string{"queue": queue})
		if got == nil || got.GetGauge().GetValue() != 0 {
			t.Errorf("clientele_jobs_waiting{queue=%q} = %v, want 0", queue, got.GetGauge())
		}
	}
}

// TestMetricsPanic: a handler's panic, which protect answers with 500, is counted as a 500 of its
// route: the pattern the mux set reaches instrument through protect.
func TestMetricsPanic(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t), Config{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /boom/{n}", func(http.ResponseWriter, *http.Request) { panic("boom") })
	mux.Handle("GET /metrics", f.srv.metrics.serve)
	hs := httptest.NewServer(f.srv.metrics.instrument(f.srv.protect(mux)))
	t.Cleanup(hs.Close)
	c := &client{f: f, base: hs.URL, hc: hs.Client()}
	res := c.do("GET", "/boom/1", nil, "")
	res.Body.Close()
	if res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("GET /boom/1: status %d, want 500", res.StatusCode)
	}
	if got := requestCount(scrape(t, c), "/boom/{n}", "GET", "500"); got != 1 {
		t.Errorf("clientele_http_requests_total{route=\"/boom/{n}\",code=\"500\"} = %v, want 1", got)
	}
}
