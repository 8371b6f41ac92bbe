package record

import (
	"fmt"
	"html/template"
	"io"
	"time"

	"github.com/clientele/clientele/customer"
)

// reportWords are the words of the readable access report, by language.
var reportWords = map[string]map[string]string{
	"en": {
		"title": "Everything we hold about customer", "generated": "Generated", "shop": "Shop",
		"fields": "Fields", "field": "Field", "value": "Value", "consent": "Marketing consent",
		"channel": "Channel", "state": "State", "changed": "Last changed", "source": "Source",
		"email": "Email", "sms": "SMS", "yes": "yes", "no": "no", "unknown": "unknown",
		"history": "History", "when": "When", "who": "Who", "what": "What", "changes": "Changes",
		"imports": "Imports that carried this customer", "import": "Import", "file": "File",
		"status": "State", "committed": "Committed", "none": "None.",
		"import_action": "import", "edit": "edit", "create": "created", "undo": "undo", "merge": "merge",
		"src_import": "import %d of %s", "src_edit": "edited by %s", "src_create": "created by %s", "src_undo": "undo of import %d by %s",
	},
	"nb": {
		"title": "Alt vi har lagret om kunde", "generated": "Laget", "shop": "Butikk",
		"fields": "Felter", "field": "Felt", "value": "Verdi", "consent": "Samtykke til markedsføring",
		"channel": "Kanal", "state": "Status", "changed": "Sist endret", "source": "Kilde",
		"email": "E-post", "sms": "SMS", "yes": "ja", "no": "nei", "unknown": "ukjent",
		"history": "Historikk", "when": "Når", "who": "Hvem", "what": "Hva", "changes": "Endringer",
		"imports": "Importer som hadde denne kunden", "import": "Import", "file": "Fil",
		"status": "Status", "committed": "Lagret", "none": "Ingen.",
		"import_action": "import", "edit": "endring", "create": "opprettet", "undo": "angret", "merge": "slått sammen",
		"src_import": "import nr. %d av %s", "src_edit": "endret av %s", "src_create": "opprettet av %s", "src_undo": "angret import nr. %d (%s)",
	},
	"pl": {
		"title": "Wszystko, co przechowujemy o kliencie", "generated": "Utworzono", "shop": "Sklep",
		"fields": "Pola", "field": "Pole", "value": "Wartość", "consent": "Zgody marketingowe",
		"channel": "Kanał", "state": "Stan", "changed": "Ostatnia zmiana", "source": "Źródło",
		"email": "E-mail", "sms": "SMS", "yes": "tak", "no": "nie", "unknown": "nieznany",
		"history": "Historia", "when": "Kiedy", "who": "Kto", "what": "Co", "changes": "Zmiany",
		"imports": "Importy, które zawierały tego klienta", "import": "Import", "file": "Plik",
		"status": "Stan", "committed": "Zatwierdzono", "none": "Brak.",
		"import_action": "import", "edit": "edycja", "create": "utworzono", "undo": "cofnięto", "merge": "scalono",
		"src_import": "import nr %d z pliku %s", "src_edit": "zmienione przez %s", "src_create": "utworzone przez %s", "src_undo": "cofnięcie importu nr %d (%s)",
	},
}

var reportPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"when": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			if v.IsZero() {
				return "—"
			}
			return v.UTC().Format("2006-01-02 15:04 UTC")
		case *time.Time:
			if v == nil {
				return "—"
			}
			return v.UTC().Format("2006-01-02 15:04 UTC")
		}
		return ""
	},
}).Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<title>{{.W.title}} {{.Account}}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f4f4f4}</style></head>
<body>
<h1>{{.W.title}} {{.Account}}</h1>
<p>{{.W.shop}}: {{.R.Shop}} · {{.W.generated}}: {{when .R.GeneratedAt}}</p>
<h2>{{.W.fields}}</h2>
<table><tr><th>{{.W.field}}</th><th>{{.W.value}}</th></tr>
{{range .R.Customer.Fields}}<tr><td>{{.Header}}</td><td>{{.Value}}</td></tr>
{{end}}</table>
<h2>{{.W.consent}}</h2>
<table><tr><th>{{.W.channel}}</th><th>{{.W.state}}</th><th>{{.W.changed}}</th><th>{{.W.source}}</th></tr>
<tr><td>{{.W.email}}</td><td>{{index .W .R.Customer.Consent.Email.State}}</td><td>{{when .R.Customer.Consent.Email.ChangedAt}}</td><td>{{.EmailSource}}</td></tr>
<tr><td>{{.W.sms}}</td><td>{{index .W .R.Customer.Consent.SMS.State}}</td><td>{{when .R.Customer.Consent.SMS.ChangedAt}}</td><td>{{.SMSSource}}</td></tr>
</table>
<h2>{{.W.history}}</h2>
{{if .R.History}}<table><tr><th>{{.W.when}}</th><th>{{.W.who}}</th><th>{{.W.what}}</th><th>{{.W.changes}}</th></tr>
{{range .R.History}}<tr><td>{{when .At}}</td><td>{{.Actor}}</td><td>{{index $.Actions .Action}}{{if .ImportID}} ({{$.W.import}} {{.ImportID}}{{if .FileName}}: {{.FileName}}{{end}}){{end}}</td>
<td>{{range .Changes}}{{index $.Headers .Field}}: {{if .Old}}{{.Old}}{{else}}—{{end}} → {{if .New}}{{.New}}{{else}}—{{end}}<br>{{end}}</td></tr>
{{end}}</table>{{else}}<p>{{.W.none}}</p>{{end}}
<h2>{{.W.imports}}</h2>
{{if .R.Imports}}<table><tr><th>{{.W.import}}</th><th>{{.W.file}}</th><th>{{.W.status}}</th><th>{{.W.committed}}</th></tr>
{{range .R.Imports}}<tr><td>{{.ID}}</td><td>{{.FileName}}</td><td>{{.State}}</td><td>{{when .ConfirmedAt}} {{.ConfirmedBy}}</td></tr>
{{end}}</table>{{else}}<p>{{.W.none}}</p>{{end}}
</body></html>
`))

// WriteHTML writes the report as a page a person reads and prints, in lang (en, nb or pl).
func (r Report) WriteHTML(w io.Writer, lang string) error {
	words, ok := reportWords[lang]
	if !ok {
		lang, words = "en", reportWords["en"]
	}
	headers := map[string]string{}
	for i, f := range customer.Fields {
		headers[f.Key] = customer.FieldTextIn(lang, i).Header
	}
	actions := map[customer.Action]string{customer.ActionImport: words["import_action"], customer.ActionEdit: words["edit"],
		customer.ActionCreate: words["create"], customer.ActionUndo: words["undo"], customer.ActionMerge: words["merge"]}
	account := ""
	for _, f := range r.Customer.Fields {
		if f.Key == customer.Fields[customer.FAccount].Key {
			account = f.Value
		}
	}
	return reportPage.Execute(w, map[string]any{"Lang": lang, "W": words, "R": r, "Headers": headers, "Actions": actions, "Account": account,
		"EmailSource": sourceIn(words, r.Customer.Consent.Email.Origin), "SMSSource": sourceIn(words, r.Customer.Consent.SMS.Origin)})
}

// sourceIn says where a consent came from in the words of a language.
func sourceIn(words map[string]string, o *Origin) string {
	if o == nil {
		return "—"
	}
	switch o.Action {
	case customer.ActionEdit:
		return fmt.Sprintf(words["src_edit"], o.Actor)
	case customer.ActionCreate:
		return fmt.Sprintf(words["src_create"], o.Actor)
	case customer.ActionUndo:
		return fmt.Sprintf(words["src_undo"], o.ImportID, o.Actor)
	}
	s := fmt.Sprintf(words["src_import"], o.ImportID, o.FileName)
	if o.Platform != "" {
		s += " (" + o.Platform + ")"
	}
	return s
}
