package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/clientele/clientele/access"
	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/importer"
	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/internal/poll"
	"github.com/clientele/clientele/jobs"
	"github.com/clientele/clientele/sqlstore"
	"github.com/xuri/excelize/v2"
)

// testPassword is every test user's password.
const testPassword = "correct horse battery"

// fixture is a running server on a real database with two tenants and their staff:
// oslo (owner, manager, cashier) and krakow (manager).
type fixture struct {
	t       *testing.T
	dsn     string
	store   *sqlstore.Store
	srv     *Server
	http    *httptest.Server
	servers map[string]*Server // every server process started, by URL
	oslo    customer.Tenant
	krakow  customer.Tenant
	token   string // a bearer token of manager@oslo
}

func newFixture(t *testing.T, dsn string, cfg Config) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, dsn: dsn, store: st, servers: map[string]*Server{}}
	f.oslo = f.tenant("oslo", "NO", "nb")
	f.krakow = f.tenant("krakow", "PL", "pl")
	f.user(f.oslo, "owner@oslo.no", customer.RoleOwner)
	mgr := f.user(f.oslo, "manager@oslo.no", customer.RoleManager)
	f.user(f.oslo, "cashier@oslo.no", customer.RoleCashier)
	f.user(f.krakow, "manager@krakow.pl", customer.RoleManager)
	plain, hash, err := access.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateToken(ctx, &customer.APIToken{TokenHash: hash, UserID: mgr.ID, Name: "manager-script"}, ""); err != nil {
		t.Fatal(err)
	}
	f.token = plain
	f.srv, f.http = f.serve(cfg)
	return f
}

// serve starts another server process on the same database (a second `clientele serve`), with a
// job engine of its own that works the jobs of every process.
func (f *fixture) serve(cfg Config) (*Server, *httptest.Server) {
	cfg.Store = f.store
	cfg.Importer = &importer.Importer{Store: f.store}
	cfg.TempDir = f.t.TempDir()
	cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := New(cfg)
	ctx := context.Background()
	eng, err := jobs.Open(ctx, f.store.DB(), f.store.Dialect(), f.dsn, srv.Importer(), jobs.Config{Workers: 2, Log: cfg.Log, Observe: srv.ObserveJob})
	if err != nil {
		f.t.Fatal(err)
	}
	f.store.SetJobs(eng.Enqueue)
	if err := eng.Start(ctx); err != nil {
		f.t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	f.t.Cleanup(func() {
		hs.Close()
		stop, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := eng.Stop(stop); err != nil {
			f.t.Errorf("stop jobs: %v", err)
		}
		eng.Close()
	})
	f.servers[hs.URL] = srv
	return srv, hs
}

// testClock is a Config.Now that a test moves forward to pass a deadline without waiting for
// it. It runs with the real clock, which the database stamps imports with, plus the offset.
type testClock struct {
	ahead atomic.Int64 // nanoseconds
}

func (c *testClock) Now() time.Time { return time.Now().Add(time.Duration(c.ahead.Load())) }

// Advance moves the clock d forward.
func (c *testClock) Advance(d time.Duration) { c.ahead.Add(int64(d)) }

func (f *fixture) tenant(slug, country, lang string) customer.Tenant {
	t := customer.Tenant{Slug: slug, Name: slug, Country: country, Language: lang}
	if err := f.store.CreateTenant(context.Background(), &t); err != nil {
		f.t.Fatal(err)
	}
	return t
}

func (f *fixture) user(t customer.Tenant, email string, role customer.Role) customer.User {
	hash, err := access.HashPassword(testPassword)
	if err != nil {
		f.t.Fatal(err)
	}
	u := customer.User{TenantID: t.ID, Email: email, Role: role, PasswordHash: hash}
	if err := f.store.CreateUser(context.Background(), &u); err != nil {
		f.t.Fatal(err)
	}
	return u
}

// client is a browser-like API client: a cookie jar and the CSRF token of its session.
type client struct {
	f      *fixture
	base   string
	hc     *http.Client
	csrf   string
	bearer string
	via    string // X-Forwarded-For, as a proxy in front would send it
}

func (f *fixture) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	return &client{f: f, base: f.http.URL, hc: &http.Client{Jar: jar}}
}

// login logs in as email on the fixture's first server.
func (f *fixture) login(email string) *client {
	c := f.anonymous()
	c.loginAs(email)
	return c
}

func (c *client) loginAs(email string) {
	c.f.t.Helper()
	res := c.do("POST", "/api/session", jsonBody(map[string]string{"email": email, "password": testPassword}), "application/json")
	var me meBody
	c.decode(res, http.StatusOK, &me)
	if me.CSRFToken == "" {
		c.f.t.Fatalf("login %s: no csrf token", email)
	}
	c.csrf = me.CSRFToken
}

func (f *fixture) bearerClient() *client {
	return &client{f: f, base: f.http.URL, hc: &http.Client{}, bearer: f.token}
}

func jsonBody(v any) io.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}

// do sends a request with the client's credentials.
func (c *client) do(method, path string, body io.Reader, contentType string, headers ...string) *http.Response {
	c.f.t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.f.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	if c.via != "" {
		req.Header.Set("X-Forwarded-For", c.via)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.f.t.Fatalf("%s %s: %v", method, path, err)
	}
	return res
}

// decode checks the status and decodes the JSON answer into v (when not nil).
func (c *client) decode(res *http.Response, want int, v any) {
	c.f.t.Helper()
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		c.f.t.Fatalf("%s %s: status %d, want %d: %s", res.Request.Method, res.Request.URL.Path, res.StatusCode, want, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			c.f.t.Fatalf("%s %s: %v in %s", res.Request.Method, res.Request.URL.Path, err, b)
		}
	}
}

// errorCode checks the status and returns the API error code of an error answer.
func (c *client) errorCode(res *http.Response, want int) customer.ErrorCode {
	c.f.t.Helper()
	var e errorBody
	c.decode(res, want, &e)
	if e.Error.Message == "" {
		c.f.t.Errorf("%s %s: error without a message", res.Request.Method, res.Request.URL.Path)
	}
	return e.Error.Code
}

// multipartFile builds an upload body with the file's bytes and the mode.
func multipartFile(name string, data []byte, mode string) (io.Reader, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if mode != "" {
		_ = mw.WriteField("mode", mode)
	}
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	return &buf, mw.FormDataContentType()
}

func (c *client) upload(path, name string, data []byte, mode string) *http.Response {
	body, ct := multipartFile(name, data, mode)
	return c.do("POST", path, body, ct)
}

// waitStaged waits until the import's background work (checking its file, committing, undoing)
// has ended, done by a job of some server's engine, and returns the import.
func (c *client) waitStaged(id int64) importBody {
	c.f.t.Helper()
	var imp importBody
	done := poll.Until(time.Minute, 5*time.Millisecond, func() bool {
		c.decode(c.do("GET", fmt.Sprintf("/api/imports/%d", id), nil, ""), http.StatusOK, &imp)
		return imp.State != customer.StateChecking && imp.State != customer.StateCommitting && imp.State != customer.StateUndoing
	})
	if !done {
		c.f.t.Fatalf("import %d still at work after a minute: %+v", id, imp)
	}
	return imp
}

// confirm asks for the import to be committed (header: name, value pairs), which must be answered
// 202 with the import committing, and waits until its job has ended: the import as it then is.
func (c *client) confirm(id int64, header ...string) importBody {
	c.f.t.Helper()
	var asked importBody
	c.decode(c.do("POST", fmt.Sprintf("/api/imports/%d/confirm", id), nil, "", header...), http.StatusAccepted, &asked)
	if asked.State != customer.StateCommitting {
		c.f.t.Fatalf("confirm answered %+v, want the import committing", asked)
	}
	return c.waitStaged(id)
}

func readFixture(t *testing.T, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// stageFixture uploads testdata/kunder-nb.csv as c and waits until it is staged.
func (c *client) stageFixture() importBody {
	var created importBody
	c.decode(c.upload("/api/imports", "kunder-nb.csv", readFixture(c.f.t, "kunder-nb.csv"), "create"), http.StatusCreated, &created)
	if created.State != customer.StateChecking || created.ID == 0 {
		c.f.t.Fatalf("created import: %+v", created)
	}
	return c.waitStaged(created.ID)
}

func TestLoginSessionLogout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		anon := f.anonymous()
		if code := anon.errorCode(anon.do("GET", "/api/me", nil, ""), 401); code != customer.EUnauthorized {
			t.Errorf("me without login: %s", code)
		}
		bad := anon.do("POST", "/api/session", jsonBody(map[string]string{"email": "manager@oslo.no", "password": "wrong password!"}), "application/json")
		if code := anon.errorCode(bad, 401); code != customer.EUnauthorized {
			t.Errorf("wrong password: %s", code)
		}
		res := anon.do("POST", "/api/session", jsonBody(map[string]string{"email": " Manager@Oslo.no ", "password": testPassword}), "application/json")
		var cookie *http.Cookie
		for _, ck := range res.Cookies() {
			if ck.Name == sessionCookie {
				cookie = ck
			}
		}
		var me meBody
		anon.decode(res, 200, &me)
		if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
			t.Fatalf("session cookie: %+v", cookie)
		}
		if me.Email != "manager@oslo.no" || me.Role != customer.RoleManager || me.Tenant.Slug != "oslo" ||
			strings.Join(me.Permissions, ",") != "customers.view,customers.manage" {
			t.Errorf("me: %+v", me)
		}
		anon.csrf = me.CSRFToken
		anon.decode(anon.do("GET", "/api/me", nil, ""), 200, nil)
		res = anon.do("DELETE", "/api/session", nil, "")
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("logout: %d", res.StatusCode)
		}
		res.Body.Close()
		// The old cookie no longer works, even if a client kept it.
		stale := f.anonymous()
		req, _ := http.NewRequest("GET", f.http.URL+"/api/me", nil)
		req.AddCookie(cookie)
		res, err := stale.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if code := stale.errorCode(res, 401); code != customer.EUnauthorized {
			t.Errorf("me after logout: %s", code)
		}
	})
}

func TestLoginRateLimited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		clock := &testClock{}
		f := newFixture(t, dsn, Config{Now: clock.Now})
		c := f.anonymous()
		for i := 0; i < 10; i++ {
			c.errorCode(c.do("POST", "/api/session", jsonBody(map[string]string{"email": "owner@oslo.no", "password": "guess " + fmt.Sprint(i)}), "application/json"), 401)
		}
		// Even the right password is refused while the limit holds.
		res := c.do("POST", "/api/session", jsonBody(map[string]string{"email": "owner@oslo.no", "password": testPassword}), "application/json")
		if res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("11th attempt: %d, want 429", res.StatusCode)
		}
		res.Body.Close()
		// The failures count for 15 minutes of the server's clock.
		clock.Advance(15 * time.Minute)
		c.loginAs("owner@oslo.no")
	})
}

// TestAccess runs every route as nobody, as a cashier, as a user of another tenant, with a
// forged cross-site request and without the CSRF token.
func TestAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		imp := mgr.stageFixture()
		var custs struct{ Customers []customerBody }
		// A customer for the /api/customers/{id} routes.
		mgr.confirm(imp.ID)
		mgr.decode(mgr.do("GET", "/api/customers", nil, ""), 200, &custs)
		if len(custs.Customers) != 3 {
			t.Fatalf("customers after confirm: %d, want 3", len(custs.Customers))
		}
		other := mgr.stageFixture() // staged, for routes that need a staged import

		anon := f.anonymous()
		cashier := f.login("cashier@oslo.no")
		krakow := f.login("manager@krakow.pl")
		owner := f.login("owner@oslo.no")
		f.user(f.krakow, "owner@krakow.pl", customer.RoleOwner)
		krakowOwner := f.login("owner@krakow.pl")
		upload, ct := multipartFile("x.csv", []byte("First Name,Last Name\nOla,Nordmann\n"), "")
		uploadBytes, _ := io.ReadAll(upload)

		for _, rt := range f.srv.apiRoutes() {
			if rt.public {
				continue
			}
			path := strings.NewReplacer("{id}", fmt.Sprint(other.ID), "{row}", "2", "{name}", "x").Replace(rt.path)
			if strings.HasPrefix(rt.path, "/api/customers/{id}") {
				path = strings.Replace(rt.path, "{id}", fmt.Sprint(custs.Customers[0].ID), 1)
			}
			body := func() (io.Reader, string) {
				switch {
				case rt.body == "multipart":
					return bytes.NewReader(uploadBytes), ct
				case rt.method == "PATCH":
					return strings.NewReader(`{"email":"x@example.no"}`), "application/json"
				}
				return nil, ""
			}
			name := rt.method + " " + rt.path
			t.Run(name, func(t *testing.T) {
				b, bct := body()
				if code := anon.errorCode(anon.do(rt.method, path, b, bct), 401); code != customer.EUnauthorized {
					t.Errorf("no session: %s", code)
				}
				ownerOnly := rt.perm == customer.PermManageStaff || rt.perm == customer.PermManageShop || rt.perm == customer.PermEraseCustomers
				if rt.perm == customer.PermManageCustomers || ownerOnly {
					b, bct = body()
					if code := cashier.errorCode(cashier.do(rt.method, path, b, bct), 403); code != customer.EForbidden {
						t.Errorf("cashier: %s", code)
					}
				}
				if ownerOnly {
					b, bct = body()
					if code := mgr.errorCode(mgr.do(rt.method, path, b, bct), 403); code != customer.EForbidden {
						t.Errorf("manager on an owner route: %s", code)
					}
				}
				if strings.Contains(rt.path, "{id}") {
					other := krakow
					if ownerOnly {
						other = krakowOwner
					}
					b, bct = body()
					if code := other.errorCode(other.do(rt.method, path, b, bct), 404); code != customer.ENotFound {
						t.Errorf("other tenant: %s", code)
					}
				}
				if !safeMethod(rt.method) {
					who := mgr
					if ownerOnly {
						who = owner
					}
					b, bct = body()
					res := who.do(rt.method, path, b, bct, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
					if code := who.errorCode(res, 403); code != customer.EForbidden {
						t.Errorf("cross-site: %s", code)
					}
					b, bct = body()
					res = who.do(rt.method, path, b, bct, "X-CSRF-Token", "forged")
					if code := who.errorCode(res, 403); code != customer.EForbidden {
						t.Errorf("without the CSRF token: %s", code)
					}
				}
			})
		}
		// The bearer token works without a CSRF token, and never for another tenant.
		api := f.bearerClient()
		api.decode(api.do("POST", fmt.Sprintf("/api/imports/%d/validate", other.ID), nil, ""), 200, nil)
		bad := &client{f: f, base: f.http.URL, hc: &http.Client{}, bearer: "not-a-token"}
		bad.errorCode(bad.do("GET", "/api/me", nil, ""), 401)
	})
}

// TestImportWorkflow follows a file from upload to committed customers through the API.
func TestImportWorkflow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		mgr := f.login("manager@oslo.no")
		imp := mgr.stageFixture()
		if imp.State != customer.StateStaged || imp.Summary != (customer.Summary{Rows: 5, New: 3, Error: 2}) {
			t.Fatalf("staged: %+v", imp)
		}
		if imp.FileName != "kunder-nb.csv" || imp.CreatedBy != "manager@oslo.no" {
			t.Errorf("staged: %+v", imp)
		}
		base := fmt.Sprintf("/api/imports/%d", imp.ID)

		var page struct {
			Rows  []rowBody
			Total int
		}
		mgr.decode(mgr.do("GET", base+"/rows?status=error", nil, ""), 200, &page)
		if page.Total != 2 || len(page.Rows) != 2 || page.Rows[0].Row != 5 || page.Rows[1].Row != 7 {
			t.Fatalf("error rows: %+v", page)
		}
		if len(page.Rows[0].Errors) != 6 || page.Rows[0].Cells["first_name"] != "Per" {
			t.Errorf("row 5: %+v", page.Rows[0])
		}
		mgr.decode(mgr.do("GET", base+"/rows?offset=1&limit=2", nil, ""), 200, &page)
		if page.Total != 5 || len(page.Rows) != 2 || page.Rows[0].Row != 3 {
			t.Errorf("paging: total %d, rows %+v", page.Total, page.Rows)
		}

		// Fix row 7 (a duplicate email) in the grid and re-check.
		var row rowBody
		mgr.decode(mgr.do("PATCH", base+"/rows/7", jsonBody(map[string]string{"email": "ingrid.haugen@example.no"}), "application/json"), 200, &row)
		if row.Cells["email"] != "ingrid.haugen@example.no" {
			t.Errorf("edited row: %+v", row)
		}
		mgr.decode(mgr.do("POST", base+"/validate", nil, ""), 200, &imp)
		if imp.Summary != (customer.Summary{Rows: 5, New: 4, Error: 1}) {
			t.Fatalf("after the fix: %+v", imp.Summary)
		}
		mgr.errorCode(mgr.do("PATCH", base+"/rows/7", jsonBody(map[string]string{"shoe_size": "44"}), "application/json"), 400)
		mgr.errorCode(mgr.do("PATCH", base+"/rows/99", jsonBody(map[string]string{"email": "a@b.no"}), "application/json"), 404)
		mgr.errorCode(mgr.do("PATCH", base+"/rows/7", strings.NewReader("{not json"), "application/json"), 400)

		// Confirm with an idempotency key, twice: one commit.
		key := "confirm-" + fmt.Sprint(imp.ID)
		imp = mgr.confirm(imp.ID, "Idempotency-Key", key)
		if imp.State != customer.StateCommitted || imp.Summary.New != 4 || imp.ConfirmedBy != "manager@oslo.no" || imp.ConfirmedAt == nil {
			t.Fatalf("confirmed: %+v", imp)
		}
		// Asked again once committed: the committed import, 200.
		mgr.decode(mgr.do("POST", base+"/confirm", nil, "", "Idempotency-Key", key), 200, &imp)
		n, err := f.store.CountCustomers(context.Background(), f.oslo.ID)
		if err != nil || n != 4 {
			t.Fatalf("customers after two confirms: %d %v, want 4", n, err)
		}
		// The same key for another import is refused.
		second := mgr.stageFixture()
		mgr.errorCode(mgr.do("POST", fmt.Sprintf("/api/imports/%d/confirm", second.ID), nil, "", "Idempotency-Key", key), 409)
		// A committed import cannot be edited, checked again or discarded.
		mgr.errorCode(mgr.do("PATCH", base+"/rows/5", jsonBody(map[string]string{"last_name": "Hansen"}), "application/json"), 409)
		mgr.errorCode(mgr.do("POST", base+"/validate", nil, ""), 409)
		mgr.errorCode(mgr.do("DELETE", base, nil, ""), 409)

		// The error rows come back as an .xlsx with an Error message column first, in the user's
		// language: the manager follows the Oslo shop, which speaks Norwegian.
		res := mgr.do("GET", base+"/errors.xlsx", nil, "")
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "kunder-nb-errors.xlsx") {
			t.Fatalf("errors.xlsx: %d %v", res.StatusCode, res.Header)
		}
		rows := readSheet(t, res.Body, "errors.xlsx")
		if len(rows) != 2 || rows[0][0] != "Feilmelding" || rows[1][1+customer.FFirstName] != "Per" || !strings.Contains(rows[1][0], "Etternavn må fylles ut.") {
			t.Errorf("errors.xlsx rows: %q", rows)
		}

		// History, customers, search, export.
		var hist struct {
			Imports []importBody
			Total   int
		}
		mgr.decode(mgr.do("GET", "/api/imports", nil, ""), 200, &hist)
		if hist.Total != 2 || hist.Imports[0].ID != second.ID || hist.Imports[1].State != customer.StateCommitted {
			t.Errorf("history: %+v", hist)
		}
		var custs struct {
			Customers []customerBody
			Total     int
		}
		mgr.decode(mgr.do("GET", "/api/customers?q=haugen", nil, ""), 200, &custs)
		if custs.Total != 1 || custs.Customers[0].Cells["email"] != "ingrid.haugen@example.no" {
			t.Errorf("search haugen: %+v", custs)
		}
		var one customerBody
		mgr.decode(mgr.do("GET", fmt.Sprintf("/api/customers/%d", custs.Customers[0].ID), nil, ""), 200, &one)
		if one.Cells["last_name"] != "Haugen" {
			t.Errorf("customer: %+v", one)
		}
		// The export speaks the user's language (Norwegian: headers, and ; as Norwegian Excel
		// splits CSV on it) unless told otherwise.
		res = mgr.do("GET", "/api/customers/export?format=csv", nil, "")
		exported := readSheet(t, res.Body, "export.csv")
		if len(exported) != 5 || exported[0][0] != "Kundenummer" {
			t.Errorf("export: %q", exported)
		}
		for query, begins := range map[string]string{
			"format=csv":                       "\ufeffKundenummer;Tittel;",
			"format=csv&lang=en":               "\ufeffAccount Number,Title,",
			"format=csv&delimiter=%2C":         "\ufeffKundenummer,Tittel,",
			"format=csv&lang=en&delimiter=%3B": "\ufeffAccount Number;Title;",
			"format=csv&lang=pl&delimiter=tab": "\ufeffNumer klienta\tTytuł\t",
		} {
			res := mgr.do("GET", "/api/customers/export?"+query, nil, "")
			b, err := io.ReadAll(res.Body)
			res.Body.Close()
			if err != nil || res.StatusCode != 200 || !strings.HasPrefix(string(b), begins) {
				t.Errorf("export?%s: %d %q, want it to begin %q", query, res.StatusCode, b[:min(len(b), 40)], begins)
			}
		}
		mgr.errorCode(mgr.do("GET", "/api/customers/export?format=pdf", nil, ""), 400)
		mgr.errorCode(mgr.do("GET", "/api/customers/export?format=csv&delimiter=%7C", nil, ""), 400)
		mgr.errorCode(mgr.do("GET", "/api/customers/export?format=csv&lang=xx", nil, ""), 400)

		// The owner sees the audit log of all this.
		owner := f.login("owner@oslo.no")
		var audit struct {
			Entries []auditBody
			Total   int
		}
		owner.decode(owner.do("GET", "/api/audit", nil, ""), 200, &audit)
		actions := map[string]int{}
		for _, e := range audit.Entries {
			actions[e.Action]++
		}
		if actions["import"] != 2 || actions["confirm"] != 1 || actions["export"] != 6 {
			t.Errorf("audit actions: %v", actions)
		}
	})
}

// readSheet saves a downloaded body and reads it back with the same reader imports use.
func readSheet(t *testing.T, body io.ReadCloser, name string) [][]string {
	t.Helper()
	defer body.Close()
	path := filepath.Join(t.TempDir(), name)
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return rawRows(t, path)
}

func TestUploadBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{MaxUpload: 4 << 10})
		mgr := f.login("manager@oslo.no")
		big := bytes.Repeat([]byte("Ola,Nordmann\n"), 1000)
		if code := mgr.errorCode(mgr.upload("/api/imports", "big.csv", append([]byte("First Name,Last Name\n"), big...), ""), 413); code != customer.ETooLarge {
			t.Errorf("too large: %s", code)
		}
		mgr.errorCode(mgr.do("POST", "/api/imports", strings.NewReader("First Name\nOla"), "text/csv"), 400)
		mgr.errorCode(mgr.upload("/api/imports", "x.csv", []byte("First Name,Last Name\nOla,Nordmann\n"), "sometimes"), 400)
		mgr.errorCode(mgr.upload("/api/imports", "empty.csv", nil, ""), 422)
		mgr.errorCode(mgr.do("GET", "/api/imports?limit=0", nil, ""), 400)
		mgr.errorCode(mgr.do("GET", "/api/imports/abc", nil, ""), 404)
		mgr.errorCode(mgr.do("GET", "/api/imports/1/rows?status=maybe", nil, ""), 400)
		mgr.errorCode(mgr.do("GET", "/api/nothing-here", nil, ""), 404)

		// A file that is not a spreadsheet fails in the background with a reason, and nothing is staged.
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
		var created importBody
		mgr.decode(mgr.upload("/api/imports", "../../etc/customers.xlsx", png, ""), 201, &created)
		if created.FileName != "customers.xlsx" {
			t.Errorf("file name %q: only the base name may be kept", created.FileName)
		}
		failed := mgr.waitStaged(created.ID)
		if failed.State != customer.StateFailed || failed.Failure == "" {
			t.Fatalf("png: %+v", failed)
		}
		var page struct{ Total int }
		mgr.decode(mgr.do("GET", fmt.Sprintf("/api/imports/%d/rows", created.ID), nil, ""), 200, &page)
		if page.Total != 0 {
			t.Errorf("a failed import has %d rows", page.Total)
		}
		mgr.errorCode(mgr.do("POST", fmt.Sprintf("/api/imports/%d/confirm", created.ID), nil, ""), 409)
		// Uploading a good file into the failed import stages it.
		var again importBody
		mgr.decode(mgr.upload(fmt.Sprintf("/api/imports/%d/file", created.ID), "good.csv", []byte("First Name,Last Name\nOla,Nordmann\n"), "upsert"), 200, &again)
		again = mgr.waitStaged(created.ID)
		if again.State != customer.StateStaged || again.Mode != customer.ModeUpsert || again.Summary.New != 1 || again.FileName != "good.csv" {
			t.Errorf("uploaded again: %+v", again)
		}
		// Uploaded files stay behind nowhere: not in the upload folder, nor in the database
		// once staged or failed.
		// The job deletes its copy of the file just after it has saved the import staged.
		var left []string
		if !poll.Until(10*time.Second, 5*time.Millisecond, func() bool {
			left, _ = filepath.Glob(filepath.Join(f.srv.cfg.TempDir, "*"))
			return len(left) == 0
		}) {
			t.Errorf("files left in the upload folder: %v", left)
		}
		if f.keeps(created.ID) {
			t.Errorf("the staged import still keeps its uploaded file")
		}
	})
}

// TestTwoServers shows the server keeps no state: upload on one process, confirm on another.
func TestTwoServers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn, Config{})
		a := f.login("manager@oslo.no")
		imp := a.stageFixture()
		_, second := f.serve(Config{})
		b := &client{f: f, base: second.URL, hc: a.hc, csrf: a.csrf}
		// The session cookie was set for the first server's host:port; send it to the second.
		u1, _ := http.NewRequest("GET", f.http.URL, nil)
		u2, _ := http.NewRequest("GET", second.URL, nil)
		b.hc.Jar.SetCookies(u2.URL, b.hc.Jar.Cookies(u1.URL))
		done := b.confirm(imp.ID)
		if done.State != customer.StateCommitted || done.Summary.New != 3 {
			t.Errorf("confirmed on the second server: %+v", done)
		}
	})
}

func TestOpenAPI(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t), Config{})
	c := f.anonymous()
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	c.decode(c.do("GET", "/api/openapi.json", nil, ""), 200, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi version %q", doc.OpenAPI)
	}
	for _, rt := range f.srv.apiRoutes() {
		if _, ok := doc.Paths[rt.path][strings.ToLower(rt.method)]; !ok {
			t.Errorf("%s %s is not described", rt.method, rt.path)
		}
	}
}

// rawRows reads every row of a downloaded .xlsx (first sheet) or UTF-8 .csv as text.
func rawRows(t *testing.T, path string) [][]string {
	t.Helper()
	if strings.HasSuffix(path, ".csv") {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		r := csv.NewReader(bytes.NewReader(b))
		if first, _, _ := bytes.Cut(b, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
			r.Comma = ';' // a Norwegian or Polish export
		}
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return rows
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestPageAndAssets(t *testing.T) {
	assets := fstest.MapFS{
		"index.html": {Data: []byte(`<!doctype html><script src="/assets/app.js?v=abc"></script>`)},
		"app.js":     {Data: []byte(`console.log("clientele")`)},
	}
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: assets})
	c := f.anonymous()
	res := c.do("GET", "/", nil, "")
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "/assets/app.js") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET /: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("GET /: security headers missing: %v", res.Header)
	}
	res = c.do("GET", "/assets/app.js?v=abc", nil, "")
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("versioned asset: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	res = c.do("GET", "/assets/app.js", nil, "")
	res.Body.Close()
	if strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("an unversioned asset must not be cached for ever")
	}
}
