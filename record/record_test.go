package record

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/clientele/clientele/customer"
)

func TestConsentOf(t *testing.T) {
	var c customer.Customer
	c.Values[customer.FEmailOptIn], c.Values[customer.FEmailConsentAt] = "Yes", "2026-03-01T14:05:00Z"
	c.Values[customer.FSMSOptIn] = "No"
	hist := []Entry{
		{HistoryEntry: customer.HistoryEntry{Action: customer.ActionImport, ImportID: 7, Changes: []customer.Change{
			{Field: "email_opt_in", New: "No"}, {Field: "sms_opt_in", New: "No"}}}, FileName: "kunder.csv", Platform: "Shopify customer export"},
		{HistoryEntry: customer.HistoryEntry{Action: customer.ActionEdit, Actor: "kari@butikk.no", Changes: []customer.Change{
			{Field: "email_opt_in", Old: "No", New: "Yes"}, {Field: "email_consent_at", New: "2026-03-01T14:05:00Z"}}}},
		{HistoryEntry: customer.HistoryEntry{Action: customer.ActionEdit, Actor: "per@butikk.no", Changes: []customer.Change{{Field: "city", New: "Oslo"}}}},
	}
	got := ConsentOf(&c, hist)
	if e := got.Email; e.State != customer.ConsentYes || e.ChangedAt == nil || !e.ChangedAt.Equal(time.Date(2026, 3, 1, 14, 5, 0, 0, time.UTC)) ||
		e.Source != "edit by kari@butikk.no" || e.Origin == nil || e.Origin.Actor != "kari@butikk.no" {
		t.Errorf("email %+v", e)
	}
	// A No without a date is unknown, whatever the history says of where the value came from.
	if s := got.SMS; s.State != customer.ConsentUnknown || s.ChangedAt != nil || s.Source != "import 7 of kunder.csv (Shopify customer export)" {
		t.Errorf("sms %+v", s)
	}
	if none := ConsentOf(&c, nil); none.Email.Source != "" || none.Email.Origin != nil || none.Email.State != customer.ConsentYes {
		t.Errorf("without a history %+v", none.Email)
	}
}

// TestReportHTML: the readable report says everything in the reader's language, and values
// from uploaded files are text, never markup.
func TestReportHTML(t *testing.T) {
	var c customer.Customer
	c.ID = 3
	c.Values[customer.FAccount], c.Values[customer.FFirstName], c.Values[customer.FNote] = "A-1", "Ola", `<script>alert(1)</script>`
	r := Report{Shop: "Butikken", Customer: ReportCustomer{ID: 3, Consent: ConsentOf(&c, nil)}}
	for i, f := range customer.Fields {
		r.Customer.Fields = append(r.Customer.Fields, ReportField{Key: f.Key, Header: customer.FieldTextIn("nb", i).Header, Value: c.Values[i]})
	}
	r.History = []ReportEntry{{Action: customer.ActionEdit, Actor: "kari@butikk.no", Changes: []customer.Change{{Field: "note", New: "<b>x</b>"}}}}
	var buf bytes.Buffer
	if err := r.WriteHTML(&buf, "nb"); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{"Alt vi har lagret om kunde A-1", "Notat", "&lt;script&gt;", "endring", "Samtykke til markedsføring", "ukjent"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>") || strings.Contains(page, "<b>x") {
		t.Error("a value is markup in the page")
	}
}
