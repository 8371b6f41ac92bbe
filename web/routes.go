package web

import (
	"io/fs"
	"net/http"

	"github.com/clientele/clientele/customer"
)

// route is one API route. The table below is the one list of routes: the mux is built from it
// and so is /api/openapi.json, so the two cannot disagree.
type route struct {
	method, path string
	perm         customer.Permission // "" with public false: any logged-in user
	public       bool                // no login needed
	summary      string
	params       []param // query parameters
	body         string  // request body: "json:<schema>", "multipart" or ""
	response     string  // the schema of a 2xx answer, "file" for a download, "" for none
	status       int     // the success status (200 when 0)
	handler      handlerFunc
	plain        http.HandlerFunc // for public routes
}

type param struct{ name, typ, doc string }

// rowFilterParams are the filters of an import's rows (customer.RowFilter).
var rowFilterParams = []param{
	{"status", "string", "new, update, unchanged, error, skipped, or warning (rows with a warning)"},
	{"code", "string", "rows with a problem of this code (error or warning)"},
	{"field", "string", "rows with a problem on this field (a field key); with code, one problem of both"},
	{"q", "string", "rows with every word somewhere in their cells"},
}

var pagingParams = []param{{"offset", "integer", "rows to skip"}, {"limit", "integer", "rows to return"}}

func (s *Server) apiRoutes() []route {
	view, manage, staff, shop := customer.PermViewCustomers, customer.PermManageCustomers, customer.PermManageStaff, customer.PermManageShop
	erase := customer.PermEraseCustomers
	return []route{
		{method: "POST", path: "/api/session", public: true, summary: "Log in with email and password; sets the session cookie", body: "json:Login", response: "Me", plain: s.handleLogin},
		{method: "DELETE", path: "/api/session", summary: "Log out", status: 204, handler: s.handleLogout},
		{method: "GET", path: "/api/me", summary: "Who is logged in, their permissions and the CSRF token", response: "Me", handler: s.handleMe},
		{method: "PUT", path: "/api/me/language", summary: "Choose the page's language for yourself (en, nb or pl; \"\" for the shop's); answers /api/me", body: "json:Language", response: "Me", handler: s.handleSetLanguage},
		{method: "PUT", path: "/api/me/password", summary: "Change your own password (the current one required); every other session of yours ends; answers /api/me", body: "json:PasswordChange", response: "Me", handler: s.handleChangePassword},
		{method: "GET", path: "/api/tenant", summary: "The shop's settings: slug, name, country (ISO code: phone numbers without a country code, rows without a country) and language (the default of the page, the template and messages)", response: "Settings", handler: s.handleTenant},
		{method: "PATCH", path: "/api/tenant", perm: shop, summary: "Change the shop's name, country or language (owners); audited; answers the settings as they now are", body: "json:TenantChange", response: "Settings", handler: s.handleUpdateTenant},
		{method: "GET", path: "/api/fields", summary: "The field catalogue, its texts in the user's language", params: []param{{"lang", "string", "en, nb or pl (default: the user's language)"}}, response: "Fields", handler: s.handleFields},
		{method: "GET", path: "/api/openapi.json", public: true, summary: "This description", response: "object", plain: s.handleOpenAPI},

		{method: "GET", path: "/api/customers", perm: view, summary: "Search and page through customers", params: append([]param{{"q", "string", "search text"}, {"sort", "string", "account (the default: by account number), name (by last and first name in the shop's language), email (customers without one last) or updated (when last changed); -name etc. for descending"}}, pagingParams...), response: "CustomerPage", handler: s.handleCustomers},
		{method: "GET", path: "/api/customers/export", perm: manage, summary: "Every customer as a file in the template's columns", params: []param{{"format", "string", "xlsx (default) or csv"}, {"lang", "string", "the headers' language: en, nb or pl (default: the user's language)"}, {"delimiter", "string", "the CSV separator: , or ; or tab (default: ; for nb and pl, , for en)"}}, response: "file", handler: s.handleExport},
		{method: "POST", path: "/api/customers", perm: manage, summary: "Create a customer by hand (field keys to text), checked as an import's row: 422 with the row's errors when a rule or duplicate check refuses it", body: "json:Cells", response: "Customer", status: 201, handler: s.handleCreateCustomer},
		{method: "GET", path: "/api/customers/{id}", perm: view, summary: "One customer", response: "Customer", handler: s.handleCustomer},
		{method: "PATCH", path: "/api/customers/{id}", perm: manage, summary: "Change fields of a customer (field keys to text; a blank clears), checked as an import's row that updates it: 422 with the row's errors when a rule or duplicate check refuses it", body: "json:Cells", response: "Customer", handler: s.handleEditCustomer},
		{method: "DELETE", path: "/api/customers/{id}", perm: erase, summary: "Erase a customer and every copy of their personal data in staged rows and revisions (owners; GDPR Art. 17); the audit log keeps the account number", response: "Erased", handler: s.handleEraseCustomer},
		{method: "GET", path: "/api/customers/{id}/export", perm: manage, summary: "Everything held about a customer (GDPR Art. 15): fields, consent with its provenance, history and the imports that carried them; audited", params: []param{{"format", "string", "json (default) or html: a page to read and print"}, {"lang", "string", "en, nb or pl (default: the user's language)"}}, response: "AccessReport", handler: s.handleCustomerExport},
		{method: "GET", path: "/api/customers/{id}/history", perm: view, summary: "The customer's history, oldest first: every import, edit and undo that touched it, with who, when and the values before and after", response: "History", handler: s.handleCustomerHistory},
		{method: "GET", path: "/api/template", perm: manage, summary: "The .xlsx template, empty or with the customers", params: []param{{"with_customers", "boolean", "pre-fill with the stored customers"}, {"lang", "string", "en, nb or pl (default: the user's language)"}}, response: "file", handler: s.handleTemplate},

		{method: "GET", path: "/api/imports", perm: manage, summary: "Import history, newest first", params: append([]param{{"include", "string", "dry_runs: list the CLI's dry runs too (marked dry_run)"}}, pagingParams...), response: "ImportPage", handler: s.handleListImports},
		{method: "POST", path: "/api/imports", perm: manage, summary: "Upload a file (multipart: file, mode); it is read and checked in the background", body: "multipart", response: "Import", status: 201, handler: s.handleCreateImport},
		{method: "GET", path: "/api/imports/{id}", perm: manage, summary: "An import: state, progress, counts", response: "Import", handler: s.handleGetImport},
		{method: "DELETE", path: "/api/imports/{id}", perm: manage, summary: "Discard a staged import (or one waiting for its column mapping: its file is deleted)", response: "Import", handler: s.handleDiscard},
		{method: "GET", path: "/api/imports/{id}/mapping", perm: manage, summary: "For an import in state mapping: the file's columns with their first values and suggested fields, and the fields to choose from", response: "Mapping", handler: s.handleGetMapping},
		{method: "POST", path: "/api/imports/{id}/mapping", perm: manage, summary: "Map the columns of an import in state mapping (header → field key, \"\" to ignore; remember: use it for the shop's next files with the same headers); it is then read and checked in the background", body: "json:MappingRequest", response: "Import", handler: s.handleSetMapping},
		{method: "POST", path: "/api/imports/{id}/file", perm: manage, summary: "Upload the file again: replaces the staged rows", body: "multipart", response: "Import", handler: s.handleReplaceFile},
		{method: "GET", path: "/api/imports/{id}/rows", perm: manage, summary: "A page of the staged rows the filters select, in row order", params: append(rowFilterParams, pagingParams...), response: "RowPage", handler: s.handleRows},
		{method: "GET", path: "/api/imports/{id}/problems", perm: manage, summary: "The rows counted by kind of problem (error or warning code and field), biggest first: a JSON array, for the grid's filter chips", params: []param{rowFilterParams[0], rowFilterParams[3]}, response: "ProblemCounts", handler: s.handleProblems},
		{method: "POST", path: "/api/imports/{id}/rows/bulk", perm: manage, summary: "Change the rows a where selects (filters, or row numbers) with one operation: set, fill_blank, replace, apply_suggestions or skip; re-checked by the next validate (or at once with validate: true); dry_run: true only counts", body: "json:BulkEdit", response: "BulkResult", handler: s.handleBulkEdit},
		{method: "POST", path: "/api/imports/{id}/rows/bulk/undo", perm: manage, summary: "Take back the import's last bulk edit (body optional: {\"validate\": true} re-checks at once)", response: "BulkResult", handler: s.handleBulkUndo},
		{method: "GET", path: "/api/imports/{id}/edits", perm: manage, summary: "The import's bulk edits, in the order made, taken back or not", response: "BulkEdits", handler: s.handleBulkEdits},
		{method: "PATCH", path: "/api/imports/{id}/rows/{row}", perm: manage, summary: "Edit cells of a staged row (field keys to new text); re-check with validate", body: "json:Cells", response: "Row", handler: s.handleEditRow},
		{method: "POST", path: "/api/imports/{id}/validate", perm: manage, summary: "Re-check the edited rows and the rows they can affect (every row when none was edited)", response: "Import", handler: s.handleValidate},
		{method: "POST", path: "/api/imports/{id}/confirm", perm: manage, summary: "Commit the valid rows in one transaction, in the background: 202 with the import committing (poll it until committed), 200 when committed already (send an Idempotency-Key header)", response: "Import", status: 202, handler: s.handleConfirm},
		{method: "GET", path: "/api/imports/{id}/undo", perm: manage, summary: "Preview undoing a committed import: customers to delete and to put back, and conflicts", response: "Undo", handler: s.handleUndoPreview},
		{method: "POST", path: "/api/imports/{id}/undo", perm: manage, summary: "Undo a committed import in one transaction, in the background: 202 with what it will do and the import undoing (poll it until undone), 200 when undone already (body {\"force\": bool}: undo conflicting customers too)", body: "json:UndoRequest", response: "Undo", status: 202, handler: s.handleUndo},
		{method: "GET", path: "/api/imports/{id}/errors.xlsx", perm: manage, summary: "The error rows to fix and upload again: an Error message column first, each bad cell filled with its message as a comment", response: "file", handler: s.handleErrorRows},

		{method: "GET", path: "/api/staff", perm: staff, summary: "The shop's staff: email, role, language, active, last login (owners)", response: "StaffList", handler: s.handleStaff},
		{method: "POST", path: "/api/staff", perm: staff, summary: "Add a member of staff with a one-time password, answered once (owners); audited", body: "json:NewStaff", response: "Staff", status: 201, handler: s.handleAddStaff},
		{method: "PATCH", path: "/api/staff/{id}", perm: staff, summary: "Change a member's role ({\"role\"}) or deactivate them ({\"active\": false}: their sessions and tokens end at once); the last active owner cannot be demoted or deactivated (409); audited", body: "json:StaffChange", response: "Staff", handler: s.handleUpdateStaff},
		{method: "POST", path: "/api/staff/{id}/password-reset", perm: staff, summary: "Give a member a new one-time password, answered once; their sessions end; audited", response: "Staff", handler: s.handleResetPassword},
		{method: "GET", path: "/api/tokens", perm: staff, summary: "The shop's API tokens: name, user, created, last used, expiry (owners)", response: "TokenList", handler: s.handleTokens},
		{method: "POST", path: "/api/tokens", perm: staff, summary: "Make an API token acting as a user (default: you) with their role, for a lifetime (expires: \"90d\" by default, or a duration such as \"36h\"); the token is answered once; audited", body: "json:NewToken", response: "Token", status: 201, handler: s.handleCreateToken},
		{method: "DELETE", path: "/api/tokens/{name}", perm: staff, summary: "Revoke an API token by name; audited", status: 204, handler: s.handleRevokeToken},
		{method: "GET", path: "/api/audit", perm: staff, summary: "The audit log (owners)", params: pagingParams, response: "AuditPage", handler: s.handleAudit},

		{method: "GET", path: "/healthz", public: true, summary: "The process answers: 200 and \"ok\", without touching the database", plain: s.handleHealth},
		{method: "GET", path: "/readyz", public: true, summary: "200 {\"ready\": true} when the database answers and its migrations are applied; 503 {\"ready\": false, \"reason\": …} otherwise", response: "object", plain: s.handleReady},
		{method: "GET", path: "/metrics", public: true, summary: "Prometheus metrics in the text format: HTTP requests by route and status, imports by state, rows read, checked and committed", plain: s.handleMetrics},
	}
}

// routes builds the mux: the API table, then the page and its assets.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.apiRoutes() {
		pattern := rt.method + " " + rt.path
		if rt.public {
			mux.HandleFunc(pattern, rt.plain)
		} else {
			mux.HandleFunc(pattern, s.allow(rt.perm, rt.handler))
		}
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, customer.Errorf(customer.ENotFound, "No API route %s %s.", r.Method, r.URL.Path))
	})
	if s.cfg.Assets != nil {
		assets := http.StripPrefix("/assets/", http.FileServerFS(s.cfg.Assets))
		mux.HandleFunc("GET /assets/", func(w http.ResponseWriter, r *http.Request) {
			// index.html links the bundle with ?v=<content hash>, so a versioned asset never
			// changes and the browser may keep it.
			if r.URL.Query().Has("v") {
				w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			assets.ServeHTTP(w, r)
		})
		mux.HandleFunc("GET /{$}", s.handleIndex)
	}
	return mux
}

// handleIndex serves the single page; the page itself asks /api/me who is logged in.
func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(s.cfg.Assets, "index.html")
	if err != nil {
		http.Error(w, "The page was not built: run make.", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(b)
}
