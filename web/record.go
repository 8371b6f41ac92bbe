package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/record"
)

// The customer's page: one customer, its edits, its history, and the GDPR requests (record).

// historyBody is one entry of GET /api/customers/{id}/history.
type historyBody struct {
	At       time.Time         `json:"at"`
	Actor    string            `json:"actor"`
	Action   customer.Action   `json:"action"`
	ImportID int64             `json:"import_id"`
	MergeID  int64             `json:"merge_id"`
	FileName string            `json:"file_name"`
	Changes  []customer.Change `json:"changes"`
}

func historyOf(es []record.Entry) []historyBody {
	out := make([]historyBody, 0, len(es))
	for _, e := range es {
		out = append(out, historyBody{At: e.At, Actor: e.Actor, Action: e.Action, ImportID: e.ImportID, MergeID: e.MergeID,
			FileName: e.FileName, Changes: e.Changes})
	}
	return out
}

// rejectedBody is the 422 answer to an edit or creation that the rules refuse: the errors and
// warnings in the shape of a staged row's.
type rejectedBody struct {
	errorBody
	Errors   []problemBody `json:"errors"`
	Warnings []problemBody `json:"warnings"`
}

// writeRejected answers a *record.RowError in err as 422 with the row's problems in lang, and
// reports whether err was one.
func writeRejected(w http.ResponseWriter, err error, lang string) bool {
	var re *record.RowError
	if !errors.As(err, &re) {
		return false
	}
	var b rejectedBody
	b.Error.Code = customer.EInvalid
	b.Error.Message = problemsOf(re.Errors[:1], lang)[0].Message
	b.Errors, b.Warnings = problemsOf(re.Errors, lang), problemsOf(re.Warnings, lang)
	writeJSON(w, http.StatusUnprocessableEntity, b)
	return true
}

// readCells reads a request body of field keys to text, also accepted as a Customer's
// {"cells": {…}}.
func readCells(r *http.Request) (map[string]string, error) {
	var raw map[string]json.RawMessage
	if err := readJSON(r, &raw); err != nil {
		return nil, err
	}
	if c, ok := raw["cells"]; ok && len(raw) == 1 {
		var cells map[string]string
		if err := json.Unmarshal(c, &cells); err != nil {
			return nil, customer.Errorf(customer.EInvalid, "cells must be an object of field keys to text.")
		}
		return cells, nil
	}
	cells := make(map[string]string, len(raw))
	for k, v := range raw {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, customer.Errorf(customer.EInvalid, "The value of %s must be text.", k)
		}
		cells[k] = s
	}
	return cells, nil
}

func (s *Server) handleEditCustomer(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cells, err := readCells(r)
	if err != nil {
		return err
	}
	c, err := s.records.Edit(r.Context(), a.tenant, id, cells, a.user.Email)
	if writeRejected(w, err, languageOf(a.user, a.tenant)) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.writeCustomer(w, r, a, http.StatusOK, c)
}

// writeCustomer answers one customer with its consent's sources.
func (s *Server) writeCustomer(w http.ResponseWriter, r *http.Request, a *actor, status int, c customer.Customer) error {
	body := customerOf(c)
	consent, err := s.records.Consent(r.Context(), a.tenant, &c)
	if err != nil {
		return err
	}
	body.Consent = consent
	writeJSON(w, status, body)
	return nil
}

func (s *Server) handleCreateCustomer(w http.ResponseWriter, r *http.Request, a *actor) error {
	cells, err := readCells(r)
	if err != nil {
		return err
	}
	c, err := s.records.Create(r.Context(), a.tenant, cells, a.user.Email)
	if writeRejected(w, err, languageOf(a.user, a.tenant)) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.writeCustomer(w, r, a, http.StatusCreated, c)
}

func (s *Server) handleCustomerHistory(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	es, err := s.records.History(r.Context(), a.tenant, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": historyOf(es)})
	return nil
}

func (s *Server) handleEraseCustomer(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	account, err := s.records.Erase(r.Context(), a.tenant, id, a.user.Email)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"erased": true, "id": id, "account_number": account})
	return nil
}

// handleCustomerExport answers everything held about a customer (GDPR Art. 15): JSON, or with
// ?format=html a page to read and print, in ?lang= (default the user's language). It is audited.
func (s *Server) handleCustomerExport(w http.ResponseWriter, r *http.Request, a *actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "html" {
		return customer.Errorf(customer.EInvalid, "format must be json or html.")
	}
	lang, err := requestLanguage(r, a)
	if err != nil {
		return err
	}
	rep, err := s.records.Access(r.Context(), a.tenant, id, lang)
	if err != nil {
		return err
	}
	if err := s.records.AuditAccess(r.Context(), s.store, a.tenant, id, a.user.Email); err != nil {
		return err
	}
	name := fmt.Sprintf("customer-%d", id)
	if format == "html" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Disposition", `inline; filename="`+name+`.html"`)
		return rep.WriteHTML(w, lang)
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
	writeJSON(w, http.StatusOK, rep)
	return nil
}
