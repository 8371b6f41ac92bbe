package web

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/clientele/clientele/internal/dbtest"
	"github.com/clientele/clientele/sheet"
	"github.com/clientele/clientele/web/ui"
)

// TestBrowserMapping is an address-book export with headers Clientele does not know, imported in
// the page: the mapping step shows each column with its first values and a suggested field, the
// manager picks the one field no rule found, continues, and the grid shows the rows with the
// right values. The next file with the same headers skips the step, with a note saying why.
func TestBrowserMapping(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	base := f.http.URL + "/"
	data := readFixture(t, contactsFile)

	// The Oslo shop speaks Norwegian; this manager reads the page in English.
	mgr := f.login("manager@oslo.no")
	mgr.decode(mgr.do("PUT", "/api/me/language", jsonBody(map[string]string{"language": "en"}), "application/json"), 200, nil)

	run(t, ctx, "log in", login(base, "manager@oslo.no"))
	run(t, ctx, "open the upload screen",
		click("#nav-import"),
		chromedp.WaitVisible(chromedp.CSS("#drop-zone")))
	run(t, ctx, "drop the file", dropFile("#drop-zone", contactsFile, data))
	run(t, ctx, "see the mapping step", chromedp.WaitVisible(chromedp.CSS("#mapping-table")))

	type column struct {
		Letter, Header, Samples, Value, Why, Label string
	}
	cols := eval[[]column](t, ctx, "read the columns", `[...document.querySelectorAll("#mapping-table tbody tr")].map((tr) => {
		const s = tr.querySelector("select");
		return {
			Letter: tr.querySelector("th").textContent,
			Header: tr.querySelector(".mapping-header").textContent,
			Samples: tr.querySelector(".mapping-samples").textContent,
			Value: s.value,
			Why: document.getElementById(s.getAttribute("aria-describedby")).textContent,
			Label: document.querySelector('label[for="' + s.id + '"]').textContent,
		};
	})`)
	want := []struct{ header, value, why, sample string }{
		{"Given name", "first_name", "usual name", "Ola"},
		{"Family", "", "No suggestion", "Nordmann"},
		{"Contact", "email", "values look like email addresses", "ola.nordmann@example.no"},
		{"Cell phone", "mobile", "usual name", "+47 912 34 567"},
		{"Zip", "postcode", "usual name", "0150"},
	}
	if len(cols) != len(want) {
		t.Fatalf("the mapping step shows %d columns: %+v", len(cols), cols)
	}
	for i, w := range want {
		c := cols[i]
		if c.Header != w.header || c.Value != w.value || !strings.Contains(c.Why, w.why) || !strings.Contains(c.Samples, w.sample) ||
			c.Letter != string(rune('A'+i)) || !strings.Contains(c.Label, "column "+c.Letter) {
			t.Errorf("column %d: %+v, want %+v", i, c, w)
		}
	}
	missing := eval[string](t, ctx, "read the missing fields", `document.querySelector("#mapping-missing").textContent`)
	if !strings.Contains(missing, "Last Name") {
		t.Errorf("the missing required field is not named: %q", missing)
	}
	if !eval[bool](t, ctx, "continue waits", `document.querySelector("#mapping-continue").disabled`) {
		t.Errorf("Continue is enabled while Last Name has no column")
	}
	if !eval[bool](t, ctx, "remember is the default", `document.querySelector("#mapping-remember").checked`) {
		t.Errorf("Remember is not checked by default")
	}
	screenshot(t, ctx, "mapping.png")

	// Choose Last Name for the Family column with the keyboard, as a person would: focus the
	// drop-down and type the start of the option's text.
	run(t, ctx, "choose Last Name for Family",
		chromedp.Focus(chromedp.CSS("#map-1")),
		chromedp.SendKeys(chromedp.CSS("#map-1"), "Last"),
		waitJS(`document.querySelector("#map-1").value === "last_name"`),
		waitJS(`!document.querySelector("#mapping-continue").disabled`))
	if text := eval[string](t, ctx, "the message is gone", `document.querySelector("#mapping-missing").textContent`); text != "" {
		t.Errorf("after choosing Last Name the page still says %q", text)
	}
	run(t, ctx, "continue",
		click("#mapping-continue"),
		waitText("#count-new", "3"), waitText("#count-error", "0"),
		waitJS(`document.querySelectorAll("#import-grid .tabulator-row").length === 3`))
	for _, c := range []struct {
		row          int
		field, value string
	}{
		{2, "first_name", "Ola"}, {2, "last_name", "Nordmann"}, {2, "email", "ola.nordmann@example.no"}, {2, "postcode", "0150"},
		{3, "last_name", "Håland"}, {4, "mobile", "+4741456789"},
	} {
		got := eval[string](t, ctx, "read a cell", gridCell(c.row, c.field)+`?.textContent.trim() ?? "(no cell)"`)
		if got != c.value {
			t.Errorf("row %d %s shows %q, want %q", c.row, c.field, got, c.value)
		}
	}
	// The mobile number shows as it will be stored, marked, the file's text in its title.
	mark := eval[string](t, ctx, "read the stored mark", gridCell(4, "mobile")+`.classList.contains("cell-stored") + " " + `+gridCell(4, "mobile")+`.title.split("\n")[0]`)
	if mark != `true Will be stored as “+4741456789” (the file has “+47 414 56 789”)` {
		t.Errorf("row 4's mobile: mark and title %q", mark)
	}
	sig := sheet.HeaderSignature([]string{"Given name", "Family", "Contact", "Cell phone", "Zip"})
	saved, err := f.store.SavedMapping(context.Background(), f.oslo.ID, sig)
	if err != nil || saved.Map["Family"] != "last_name" || saved.Map["Contact"] != "email" {
		t.Errorf("remembered mapping: %+v, %v", saved, err)
	}

	// The same headers again: no mapping step, and the note says why.
	run(t, ctx, "upload the next file",
		click("#nav-import"),
		chromedp.WaitVisible(chromedp.CSS("#drop-zone")),
		dropFile("#drop-zone", "contacts-april.csv", data),
		waitText("#count-new", "3"))
	note := eval[string](t, ctx, "read the notes", `document.querySelector("#import-warnings").textContent`)
	if !strings.Contains(note, "Columns mapped as saved on") {
		t.Errorf("the import's notes do not say the saved mapping was used: %q", note)
	}
	if n := eval[int](t, ctx, "no mapping step", `document.querySelectorAll("#mapping-table").length`); n != 0 {
		t.Errorf("the mapping step was shown again for remembered headers")
	}
}

// TestBrowserMappingDefaults: on the mapping step the manager leaves the Family column out and
// gives every row a last name and a country instead, in the fields no column fills; Continue
// waits for the last name, and the grid shows the rows with the values given.
func TestBrowserMappingDefaults(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t), Config{Assets: ui.Dist()})
	base := f.http.URL + "/"
	mgr := f.login("manager@oslo.no")
	mgr.decode(mgr.do("PUT", "/api/me/language", jsonBody(map[string]string{"language": "en"}), "application/json"), 200, nil)

	run(t, ctx, "log in", login(base, "manager@oslo.no"))
	run(t, ctx, "open the upload screen",
		click("#nav-import"),
		chromedp.WaitVisible(chromedp.CSS("#drop-zone")))
	run(t, ctx, "drop the file", dropFile("#drop-zone", contactsFile, readFixture(t, contactsFile)))
	run(t, ctx, "see the mapping step", chromedp.WaitVisible(chromedp.CSS("#default-field-last_name")))

	label := eval[string](t, ctx, "read the label", `document.querySelector('label[for="default-field-last_name"]').textContent`)
	if label != "Value for rows that have no Last Name" {
		t.Errorf("the last name's value is labelled %q", label)
	}
	// The Zip column is mapped: its value is beside it; Family is ignored: it has none.
	if !eval[bool](t, ctx, "a mapped column's value", `!document.querySelector("#default-4").disabled && document.querySelector("#default-1").disabled`) {
		t.Errorf("the values beside the columns are not those of the mapped ones")
	}
	run(t, ctx, "give every row a last name and a country",
		chromedp.SendKeys(chromedp.CSS("#default-field-last_name"), "Ukjent"),
		waitJS(`!document.querySelector("#mapping-continue").disabled`),
		chromedp.SendKeys(chromedp.CSS("#default-field-country"), "NO"),
		click("#mapping-remember"),
		click("#mapping-continue"),
		waitText("#count-new", "3"), waitText("#count-error", "0"),
		waitJS(`document.querySelectorAll("#import-grid .tabulator-row").length === 3`))
	for _, c := range []struct {
		row          int
		field, value string
	}{
		{2, "first_name", "Ola"}, {2, "last_name", "Ukjent"}, {2, "country", "NO"}, {4, "last_name", "Ukjent"}, {4, "postcode", "7010"},
	} {
		got := eval[string](t, ctx, "read a cell", gridCell(c.row, c.field)+`?.textContent.trim() ?? "(no cell)"`)
		if got != c.value {
			t.Errorf("row %d %s shows %q, want %q", c.row, c.field, got, c.value)
		}
	}
}
