package web

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
)

// importCounter is what the clientele_imports gauge reads at each scrape.
type importCounter interface {
	// ImportsByState counts the imports of all tenants by state.
	ImportsByState(ctx context.Context) (map[customer.State]int, error)
	// JobsWaiting counts the jobs waiting in each queue of the job engine.
	JobsWaiting(ctx context.Context) (map[string]int, error)
}

// metrics are the server's Prometheus metrics. They live on a registry of the server's own, not
// on the library's global one, so that two servers in one process (tests, a second server on the
// same database) each count their own requests.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	rows     *prometheus.CounterVec
	jobs     *prometheus.HistogramVec
	hashes   prometheus.Counter
	// serve answers the metrics in Prometheus' text format. A collector that fails (the
	// database is down) is left out and logged; the others are still served.
	serve http.Handler
}

// The stages of clientele_rows_total.
const (
	stageRead      = "read"
	stageChecked   = "checked"
	stageCommitted = "committed"
)

// newMetrics registers the server's metrics; store answers the imports gauge and log takes the
// errors of scrapes.
func newMetrics(store importCounter, log *slog.Logger) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clientele_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "clientele_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and method.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method"}),
		rows: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clientele_rows_total",
			Help: "Rows of uploaded files read and checked while staging, and rows written by confirms (new and updated customers).",
		}, []string{"stage"}),
		jobs: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "clientele_job_duration_seconds",
			Help:    "Time a background job of this process ran, by kind (stage_import, confirm_import, undo_import, sweep) and outcome (done, retry, handed_back, given_up).",
			Buckets: []float64{0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800},
		}, []string{"kind", "outcome"}),
		hashes: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "clientele_password_hashes_total",
			Help: "Password hashes computed (logins, password changes), each 19 MiB of memory; at most --max-hashes run at once.",
		}),
	}
	// Each stage is exported from the start, at 0, so that rate() sees the first rows.
	for _, st := range []string{stageRead, stageChecked, stageCommitted} {
		m.rows.WithLabelValues(st)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.rows, m.jobs, m.hashes,
		countsCollector{
			desc: prometheus.NewDesc("clientele_imports",
				"Imports of all tenants by state, read from the database at each scrape.", []string{"state"}, nil),
			always: states(),
			read: func(ctx context.Context) (map[string]int, error) {
				byState, err := store.ImportsByState(ctx)
				counts := make(map[string]int, len(byState))
				for st, n := range byState {
					counts[string(st)] = n
				}
				return counts, err
			},
		},
		countsCollector{
			desc: prometheus.NewDesc("clientele_jobs_waiting",
				"Jobs waiting to be worked in each queue (small, large), read from the database at each scrape.", []string{"queue"}, nil),
			always: []string{"small", "large"},
			read:   func(ctx context.Context) (map[string]int, error) { return store.JobsWaiting(ctx) },
		},
	)
	m.serve = promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		ErrorHandling: promhttp.ContinueOnError,
	})
	return m
}

// instrument counts and times the requests next answers. next is the ServeMux wrapped in protect,
// which hands the request on as it is: the mux sets Request.Pattern on the request it is given,
// and the route label is that pattern, never the raw path, whose values are unbounded. Outside
// protect, a panic it answers with 500 is counted as a 500; an aborted request is not counted.
func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		route, method := routeOf(r.Pattern), methodOf(r.Method)
		code := rec.status
		if code == 0 {
			code = http.StatusOK // the handler wrote nothing
		}
		m.requests.WithLabelValues(route, method, strconv.Itoa(code)).Inc()
		m.duration.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
	})
}

// routeOf is the route label of a matched pattern ("GET /api/imports/{id}" → "/api/imports/{id}");
// "unmatched" for a request no pattern took.
func routeOf(pattern string) string {
	if pattern == "" {
		return "unmatched"
	}
	if _, path, ok := strings.Cut(pattern, " "); ok {
		return path
	}
	return pattern
}

// methodOf keeps the label's values few: a client may send any method name.
func methodOf(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return method
	}
	return "OTHER"
}

// statusRecorder remembers the status a handler answered.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer (to flush, set deadlines).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// onRows counts rows a job read, checked or committed (importer.Importer.OnRows).
func (m *metrics) onRows(phase importer.Phase, n int) {
	switch phase {
	case importer.PhaseRead:
		m.rows.WithLabelValues(stageRead).Add(float64(n))
	case importer.PhaseCheck:
		m.rows.WithLabelValues(stageChecked).Add(float64(n))
	case importer.PhaseCommit:
		m.rows.WithLabelValues(stageCommitted).Add(float64(n))
	}
}

// ObserveJob records how long a background job of this process ran and how it ended (package
// jobs' Config.Observe).
func (s *Server) ObserveJob(kind, outcome string, d time.Duration) {
	s.metrics.jobs.WithLabelValues(kind, outcome).Observe(d.Seconds())
}

// countsCollector reports counts read from the database at each scrape — of imports by state, of
// jobs waiting by queue: the database is shared by every process, so no process could keep such
// a gauge itself, and it is never stale. Each label value in always is reported, 0 when absent,
// so that an emptied state reads 0 rather than vanishing from the graphs.
type countsCollector struct {
	desc   *prometheus.Desc
	always []string
	read   func(ctx context.Context) (map[string]int, error)
}

func (c countsCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c countsCollector) Collect(ch chan<- prometheus.Metric) {
	// Collect has no context; a scrape must not wait on a hung database for ever.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.read(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for _, v := range c.always {
		if _, ok := counts[v]; !ok {
			counts[v] = 0
		}
	}
	for v, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), v)
	}
}

// states are the import states' names.
func states() []string {
	out := make([]string, len(customer.States))
	for i, st := range customer.States {
		out[i] = string(st)
	}
	return out
}
