package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/clientele/clientele/customer"
)

// handleOpenAPI answers the OpenAPI 3.1 description, built from the route table and the field
// catalogue.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	s.openapiOnce.Do(func() { s.openapi = s.buildOpenAPI() })
	writeJSON(w, http.StatusOK, s.openapi)
}

var pathParam = regexp.MustCompile(`\{([a-z]+)\}`)

type obj = map[string]any

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func (s *Server) buildOpenAPI() obj {
	paths := obj{}
	for _, rt := range s.apiRoutes() {
		op := obj{"summary": rt.summary}
		var params []obj
		for _, m := range pathParam.FindAllStringSubmatch(rt.path, -1) {
			params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": obj{"type": "integer"}})
		}
		for _, p := range rt.params {
			params = append(params, obj{"name": p.name, "in": "query", "description": p.doc, "schema": obj{"type": p.typ}})
		}
		if rt.path == "/api/imports/{id}/confirm" {
			params = append(params, obj{"name": "Idempotency-Key", "in": "header", "schema": obj{"type": "string", "maxLength": 200},
				"description": "a retried request with the same key answers the committed import; a key of another import is 409"})
		}
		if params != nil {
			op["parameters"] = params
		}
		switch {
		case strings.HasPrefix(rt.body, "json:"):
			op["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": ref(strings.TrimPrefix(rt.body, "json:"))}}}
		case rt.body == "multipart":
			op["requestBody"] = obj{"required": true, "content": obj{"multipart/form-data": obj{"schema": obj{
				"type": "object", "required": []string{"file"},
				"properties": obj{"file": obj{"type": "string", "format": "binary"}, "mode": obj{"type": "string", "enum": []string{"create", "upsert"}},
					"default": obj{"type": "array", "items": obj{"type": "string"}, "description": "repeated: NAME=VALUE (\"Country=NO\"), a value for the blank cells of every row; NAME a field key or header"}},
			}}}}
		}
		status := rt.status
		if status == 0 {
			status = http.StatusOK
		}
		ok := obj{"description": http.StatusText(status)}
		switch rt.response {
		case "", "object":
		case "file":
			ok["content"] = obj{"application/octet-stream": obj{"schema": obj{"type": "string", "format": "binary"}}}
		default:
			ok["content"] = obj{"application/json": obj{"schema": ref(rt.response)}}
		}
		responses := obj{strconv.Itoa(status): ok}
		if status == http.StatusAccepted {
			// Work asked for earlier and done already: the same body, as it stands now.
			responses["200"] = obj{"description": http.StatusText(http.StatusOK), "content": ok["content"]}
		}
		errResp := func(code int) { responses[strconv.Itoa(code)] = obj{"$ref": "#/components/responses/Error"} }
		errResp(400)
		if !rt.public {
			errResp(401)
			errResp(403)
		}
		if strings.Contains(rt.path, "{") {
			errResp(404)
		}
		if rt.body == "multipart" {
			errResp(413)
			errResp(422)
		}
		if rt.method != "GET" && rt.path != "/api/session" {
			errResp(409)
		}
		op["responses"] = responses
		if !rt.public {
			op["security"] = []obj{{"session": []string{}}, {"bearer": []string{}}}
		}
		item, _ := paths[rt.path].(obj)
		if item == nil {
			item = obj{}
			paths[rt.path] = item
		}
		item[strings.ToLower(rt.method)] = op
	}

	cellProps := obj{}
	for _, f := range customer.Fields {
		p := obj{"type": "string", "description": f.Header + ": " + f.Format}
		if f.MaxLen > 0 {
			p["maxLength"] = f.MaxLen
		}
		if len(f.Allowed) > 0 {
			p["examples"] = f.Allowed
		}
		cellProps[f.Key] = p
	}
	problem := obj{"type": "object", "properties": obj{"field": obj{"type": "string"}, "column": obj{"type": "string"},
		"code": obj{"type": "string"}, "message": obj{"type": "string"},
		"suggestion": obj{"type": "string", "description": "the whole new text a problem proposes for the cell: a warning's (apply_suggestions takes it), or an invalid email's"},
		"match": obj{"type": "object", "description": "a possible_duplicate warning's: the stored customer (customer_id, account_number; row 0) or the other row of the file (row; customer_id 0, account_number \"\") the row may be the same person as",
			"properties": obj{"customer_id": obj{"type": "integer"}, "account_number": obj{"type": "string"}, "row": obj{"type": "integer"},
				"score":   obj{"type": "number", "description": "0 to 1"},
				"reasons": obj{"type": "array", "items": obj{"type": "string", "enum": []string{"name", "address", "postcode", "email", "phone"}}}}}}}
	summary := obj{"type": "object", "properties": obj{"rows": obj{"type": "integer"}, "new": obj{"type": "integer"},
		"update": obj{"type": "integer"}, "unchanged": obj{"type": "integer"}, "error": obj{"type": "integer"},
		"skipped":             obj{"type": "integer", "description": "rows the user left out of the import"},
		"possible_duplicates": obj{"type": "integer", "description": "rows with a possible_duplicate warning, whatever their status"}}}
	pageOf := func(key, item string) obj {
		return obj{"type": "object", "properties": obj{key: obj{"type": "array", "items": ref(item)},
			"total": obj{"type": "integer"}, "offset": obj{"type": "integer"}, "limit": obj{"type": "integer"}}}
	}
	states := states()
	schemas := obj{
		"Error": obj{"type": "object", "properties": obj{"error": obj{"type": "object", "properties": obj{
			"code":    obj{"type": "string", "enum": []string{"invalid", "file", "not_found", "conflict", "unauthorized", "forbidden", "too_large", "internal", "rate_limited"}},
			"message": obj{"type": "string"}}}}},
		"Login": obj{"type": "object", "required": []string{"email", "password"}, "properties": obj{"email": obj{"type": "string"}, "password": obj{"type": "string"}}},
		"Me": obj{"type": "object", "properties": obj{"email": obj{"type": "string"}, "role": obj{"type": "string", "enum": customer.Roles}, "permissions": obj{"type": "array", "items": obj{"type": "string"}}, "csrf_token": obj{"type": "string"}, "tenant": ref("Tenant"),
			"language": obj{"type": "string", "enum": customer.Languages}, "user_language": obj{"type": "string"}, "languages": obj{"type": "array", "items": obj{"type": "string"}},
			"must_change_password": obj{"type": "boolean", "description": "logged in with a one-time password: only /api/me, PUT /api/me/password, PUT /api/me/language and logging out answer until it is changed"}}},
		"PasswordChange": obj{"type": "object", "required": []string{"current_password", "new_password"}, "properties": obj{
			"current_password": obj{"type": "string"}, "new_password": obj{"type": "string", "minLength": 10}}},
		"Staff": obj{"type": "object", "properties": obj{
			"id": obj{"type": "integer"}, "email": obj{"type": "string"}, "role": obj{"type": "string", "enum": customer.Roles},
			"language": obj{"type": "string", "description": "\"\" follows the shop's"}, "active": obj{"type": "boolean"},
			"must_change_password": obj{"type": "boolean"}, "created_at": obj{"type": "string", "format": "date-time"},
			"last_login_at":     obj{"type": []string{"string", "null"}, "format": "date-time"},
			"one_time_password": obj{"type": "string", "description": "only in the answer of an add or a reset: shown once"}}},
		"StaffList": obj{"type": "object", "properties": obj{"staff": obj{"type": "array", "items": ref("Staff")}}},
		"NewStaff": obj{"type": "object", "required": []string{"email", "role"}, "properties": obj{
			"email": obj{"type": "string"}, "role": obj{"type": "string", "enum": customer.Roles}, "language": obj{"type": "string", "enum": append([]string{""}, customer.Languages...)}}},
		"StaffChange": obj{"type": "object", "minProperties": 1, "additionalProperties": false, "properties": obj{
			"role": obj{"type": "string", "enum": customer.Roles}, "active": obj{"type": "boolean"}}},
		"Token": obj{"type": "object", "properties": obj{
			"name": obj{"type": "string"}, "email": obj{"type": "string", "description": "the user the token acts as"},
			"created_at": obj{"type": "string", "format": "date-time"}, "expires_at": obj{"type": "string", "format": "date-time"},
			"last_used_at": obj{"type": []string{"string", "null"}, "format": "date-time"}, "expired": obj{"type": "boolean"},
			"token": obj{"type": "string", "description": "only in the answer that made it: shown once"}}},
		"TokenList": obj{"type": "object", "properties": obj{"tokens": obj{"type": "array", "items": ref("Token")}}},
		"NewToken": obj{"type": "object", "properties": obj{
			"name": obj{"type": "string", "description": "unique in the shop; made up when left out"}, "email": obj{"type": "string", "description": "the user it acts as (default: you)"},
			"expires": obj{"type": "string", "description": "its lifetime: days as 90d (the default) or a duration such as 36h"}}},
		"Language": obj{"type": "object", "required": []string{"language"}, "properties": obj{"language": obj{"type": "string", "enum": append([]string{""}, customer.Languages...)}}},
		"Tenant": obj{"type": "object", "properties": obj{"slug": obj{"type": "string"}, "name": obj{"type": "string"},
			"country": obj{"type": "string", "description": "ISO 3166-1 alpha-2"}, "language": obj{"type": "string", "enum": customer.Languages}}},
		"Settings": obj{"allOf": []any{ref("Tenant"), obj{"type": "object", "properties": obj{
			"countries": obj{"type": "array", "items": obj{"type": "string"}, "description": "the ISO codes country may be"}}}}},
		"TenantChange": obj{"type": "object", "additionalProperties": false, "minProperties": 1, "properties": obj{
			"name":     obj{"type": "string", "minLength": 1, "maxLength": 100},
			"country":  obj{"type": "string", "description": "an ISO code (NO, PL, NOR) or a country's name in English, Norwegian or Polish"},
			"language": obj{"type": "string", "enum": customer.Languages}}},
		"Cells":   obj{"type": "object", "properties": cellProps, "additionalProperties": false},
		"Problem": problem,
		"Summary": summary,
		"Field":   obj{"type": "object"},
		"Fields":  obj{"type": "array", "items": ref("Field")},
		"Customer": obj{"type": "object", "properties": obj{"id": obj{"type": "integer"}, "cells": ref("Cells"),
			"consent":    obj{"type": "object", "properties": obj{"email": ref("ConsentState"), "sms": ref("ConsentState")}},
			"updated_at": obj{"type": "string", "format": "date-time"}}},
		"ConsentState": obj{"type": "object", "properties": obj{
			"state":      obj{"type": "string", "enum": []string{customer.ConsentYes, customer.ConsentNo, customer.ConsentUnknown}},
			"changed_at": obj{"type": []string{"string", "null"}, "format": "date-time"}, "source": obj{"type": "string"}}},
		"Import": obj{"type": "object", "properties": obj{
			"id": obj{"type": "integer"}, "file_name": obj{"type": "string"}, "mode": obj{"type": "string", "enum": []string{"create", "upsert"}},
			"state": obj{"type": "string", "enum": states}, "created_by": obj{"type": "string"}, "created_at": obj{"type": "string", "format": "date-time"},
			"confirmed_by": obj{"type": "string"}, "confirmed_at": obj{"type": []string{"string", "null"}, "format": "date-time"},
			"summary": ref("Summary"), "warnings": obj{"type": "array", "items": obj{"type": "string"}},
			"progress": obj{"type": "object", "properties": obj{"phase": obj{"type": "string"}, "done": obj{"type": "integer"}, "total": obj{"type": "integer"}}},
			"failure":  obj{"type": "string"},
			"dry_run":  obj{"type": "boolean", "description": "the record of a CLI dry run; listed only with include=dry_runs"},
			"defaults": obj{"type": "object", "additionalProperties": obj{"type": "string"}, "description": "the values for blank cells the import was given, by field key"},
			"notes": obj{"type": "array", "description": "warnings, each with its kind: info for what the file was recognised as, warning for the rest", "items": obj{"type": "object", "properties": obj{
				"kind": obj{"type": "string", "enum": []string{"info", "warning"}}, "text": obj{"type": "string"}}}},
			"columns": obj{"type": "array", "description": "what each column of the file became, in file order", "items": obj{"type": "object", "properties": obj{
				"letter": obj{"type": "string"}, "header": obj{"type": "string"}, "field": obj{"type": "string", "description": "a field key, full_name, or \"\" when ignored"}}}}}},
		"Row": obj{"type": "object", "properties": obj{
			"row": obj{"type": "integer"}, "status": obj{"type": "string", "enum": customer.Statuses},
			"cells": ref("Cells"), "errors": obj{"type": "array", "items": ref("Problem")}, "warnings": obj{"type": "array", "items": ref("Problem")},
			"changes":     obj{"type": "array", "items": obj{"type": "object", "properties": obj{"field": obj{"type": "string"}, "old": obj{"type": "string"}, "new": obj{"type": "string"}}}},
			"customer_id": obj{"type": "integer"}, "edited": obj{"type": "boolean", "description": "cells changed since the last check"},
			"skipped": obj{"type": "boolean", "description": "left out of the import; its status is skipped once checked"},
			"stored":  obj{"type": "object", "additionalProperties": obj{"type": "string"}, "description": "GET …/rows only: the cells the check stores otherwise than the file has them (0150 for 150), by field key, as they will be stored; absent when none"}}},
		"ProblemCounts": obj{"type": "array", "items": obj{"type": "object", "properties": obj{
			"code": obj{"type": "string"}, "field": obj{"type": "string", "description": "a field key; \"\" for the whole row"},
			"column": obj{"type": "string"}, "kind": obj{"type": "string", "enum": []string{"error", "warning"}},
			"label": obj{"type": "string", "description": "the code's short name in the user's language"}, "count": obj{"type": "integer"}}}},
		"BulkEdit":   bulkEditSchema(),
		"BulkResult": obj{"type": "object", "properties": obj{"changed": obj{"type": "integer"}, "import": ref("Import")}},
		"BulkEdits": obj{"type": "object", "properties": obj{"edits": obj{"type": "array", "items": obj{"type": "object", "properties": obj{
			"seq": obj{"type": "integer"}, "at": obj{"type": "string", "format": "date-time"}, "actor": obj{"type": "string"},
			"operation": obj{"type": "object"}, "summary": obj{"type": "string"}, "changed": obj{"type": "integer"}, "undone": obj{"type": "boolean"}}}}}},
		"UndoRequest": obj{"type": "object", "properties": obj{"force": obj{"type": "boolean"}}, "additionalProperties": false},
		"Undo": obj{"type": "object", "properties": obj{
			"import_id": obj{"type": "integer"}, "state": obj{"type": "string", "enum": states}, "done": obj{"type": "boolean"},
			"force": obj{"type": "boolean"}, "delete": obj{"type": "integer"}, "restore": obj{"type": "integer"},
			"conflicts_kept": obj{"type": "integer"}, "forceable": obj{"type": "integer"},
			"conflicts": obj{"type": "array", "items": obj{"type": "object", "properties": obj{
				"customer_id": obj{"type": "integer"}, "account_number": obj{"type": "string"}, "name": obj{"type": "string"},
				"created": obj{"type": "boolean"}, "reason": obj{"type": "string", "enum": []string{"changed", "deleted", "key_taken"}},
				"fields": obj{"type": "array", "items": obj{"type": "string"}}, "forceable": obj{"type": "boolean"}, "forced": obj{"type": "boolean"}}}},
			"explanation": obj{"type": "string"}, "at": obj{"type": []string{"string", "null"}, "format": "date-time"},
			"import": ref("Import")}},
		"AuditEntry":   obj{"type": "object"},
		"CustomerPage": pageOf("customers", "Customer"),
		"History": obj{"type": "object", "properties": obj{"entries": obj{"type": "array", "items": obj{"type": "object", "properties": obj{
			"at": obj{"type": "string", "format": "date-time"}, "actor": obj{"type": "string"},
			"action":    obj{"type": "string", "enum": []customer.Action{customer.ActionImport, customer.ActionEdit, customer.ActionMerge, customer.ActionUndo, customer.ActionCreate}},
			"import_id": obj{"type": "integer"}, "merge_id": obj{"type": "integer", "description": "the merge that made the change, or that the undo took back"}, "file_name": obj{"type": "string"},
			"changes": obj{"type": "array", "items": obj{"type": "object", "properties": obj{"field": obj{"type": "string"}, "old": obj{"type": "string"}, "new": obj{"type": "string"}}}}}}}}},
		"AccessReport": obj{"type": "object", "properties": obj{"generated_at": obj{"type": "string", "format": "date-time"}, "shop": obj{"type": "string"},
			"customer": obj{"type": "object"}, "history": obj{"type": "array"}, "imports": obj{"type": "array"}}},
		"Erased": obj{"type": "object", "properties": obj{"erased": obj{"type": "boolean"}, "id": obj{"type": "integer"}, "account_number": obj{"type": "string"}}},
		"MergeRequest": obj{"type": "object", "required": []string{"from"}, "additionalProperties": false, "properties": obj{
			"from":   obj{"type": "integer", "description": "the customer merged into this one, and deleted"},
			"fields": obj{"type": "object", "additionalProperties": obj{"type": "string", "enum": []string{"into", "from"}}, "description": "field key → whose value survives"}}},
		"Merge": obj{"type": "object", "properties": obj{"id": obj{"type": "integer"}, "into_id": obj{"type": "integer"}, "from_id": obj{"type": "integer"},
			"into_account": obj{"type": "string"}, "from_account": obj{"type": "string"}, "into_name": obj{"type": "string"}, "from_name": obj{"type": "string"},
			"actor": obj{"type": "string"}, "at": obj{"type": "string", "format": "date-time"},
			"undone_at": obj{"type": []string{"string", "null"}, "format": "date-time"}, "undone_by": obj{"type": "string"}}},
		"MergeResult": obj{"type": "object", "properties": obj{"merge": ref("Merge"), "customer": ref("Customer")}},
		"MergePage":   pageOf("merges", "Merge"),
		"Cluster": obj{"type": "object", "properties": obj{"score": obj{"type": "number"}, "customers": obj{"type": "array", "items": ref("Customer")},
			"pairs": obj{"type": "array", "items": obj{"type": "object", "properties": obj{"a": obj{"type": "integer"}, "b": obj{"type": "integer"},
				"score": obj{"type": "number"}, "reasons": obj{"type": "array", "items": obj{"type": "string", "enum": []string{"name", "address", "postcode", "email", "phone"}}}}}}}},
		"DuplicatePage": pageOf("clusters", "Cluster"),
		"Dismiss":       obj{"type": "object", "required": []string{"a", "b"}, "additionalProperties": false, "properties": obj{"a": obj{"type": "integer"}, "b": obj{"type": "integer"}}},
		"ImportPage":    pageOf("imports", "Import"),
		"RowPage":       pageOf("rows", "Row"),
		"AuditPage":     pageOf("entries", "AuditEntry"),
		// The mapping step (mapping.go).
		"Mapping": mappingSchema(),
		"MappingRequest": obj{"type": "object", "required": []string{"map"}, "properties": obj{
			"map":      obj{"type": "object", "additionalProperties": obj{"type": "string"}, "description": "each header as in the file → a field key (or English header), full_name, or \"\" to ignore the column; headers left out are read as recognised"},
			"remember": obj{"type": "boolean", "description": "use this mapping for the shop's next files with the same headers"},
			"defaults": obj{"type": "object", "additionalProperties": obj{"type": "string"}, "description": "field key → a value for the blank cells of every row (a file without the column too); \"\" gives none"}}},
	}
	return obj{
		"openapi": "3.1.0",
		"info":    obj{"title": "Clientele API", "version": "1", "description": "Customer import and export for a POS back office. See docs/API.md."},
		"paths":   paths,
		"components": obj{
			"schemas":   schemas,
			"responses": obj{"Error": obj{"description": "An error", "content": obj{"application/json": obj{"schema": ref("Error")}}}},
			"securitySchemes": obj{
				"session": obj{"type": "apiKey", "in": "cookie", "name": sessionCookie},
				"bearer":  obj{"type": "http", "scheme": "bearer"},
			},
		},
	}
}

// openapiCache holds the built description; it never changes while the process runs.
type openapiCache struct {
	openapiOnce sync.Once
	openapi     obj
}

// bulkEditSchema is the body of POST /api/imports/{id}/rows/bulk.
func bulkEditSchema() obj {
	fields := obj{"type": "object", "additionalProperties": obj{"type": "string"}, "description": "field key → text"}
	return obj{"type": "object", "required": []string{"where"}, "additionalProperties": false,
		"description": "a where and exactly one of set, fill_blank, replace, apply_suggestions, skip",
		"properties": obj{
			"where": obj{"type": "object", "additionalProperties": false, "description": "{} selects every row", "properties": obj{
				"status": obj{"type": "string"}, "code": obj{"type": "string"}, "field": obj{"type": "string"}, "q": obj{"type": "string"},
				"rows": obj{"type": "array", "items": obj{"type": "integer"}}}},
			"set":        fields,
			"fill_blank": fields,
			"replace": obj{"type": "object", "required": []string{"field", "find", "with"}, "properties": obj{
				"field": obj{"type": "string"}, "find": obj{"type": "string"}, "with": obj{"type": "string"},
				"regex": obj{"type": "boolean", "description": "find is a Go (RE2) regular expression; else plain text, case-insensitive"}}},
			"apply_suggestions": obj{"type": "boolean"},
			"skip":              obj{"type": "boolean"},
			"validate":          obj{"type": "boolean", "description": "re-check the import at once"},
			"dry_run":           obj{"type": "boolean", "description": "only count the rows it would change"}}}
}
