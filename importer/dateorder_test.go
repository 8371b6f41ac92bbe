package importer_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestDateOrderOfTheColumn: the dates of birth of a file are read month first when the whole
// column says so (a date that can only be month first, none that can only be day first), in the
// staged import, after an edit and validate, and in a dry run alike; a column with both kinds
// is read day first and its US dates are told so.
func TestDateOrderOfTheColumn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		s := openStore(t, dsn)
		ctx := context.Background()
		person := func(first, date string) map[string]string {
			return map[string]string{"first_name": first, "last_name": "Smith", "birth_date": date}
		}
		t.Run("a US column", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			// The only date that decides is the last one: the order is the whole column's.
			path := csvFile(t, "us.csv", person("Ann", "05/06/1990"), person("Bob", "01/02/1985"), person("Cy", "12/31/1985"))
			imp := sh.stage(path, customer.ModeCreate)
			if imp.DateOrder != customer.MonthFirst || imp.Summary.New != 3 {
				t.Fatalf("import: order %q, summary %+v; rows %+v", imp.DateOrder, imp.Summary, sh.rows(imp.ID))
			}
			if !slices.ContainsFunc(imp.Notices, func(n customer.Notice) bool { return n.Msg == "dates_month_first" }) {
				t.Errorf("no notice says the dates are read month first: %v", imp.Warnings)
			}
			// An edit is checked in the import's order too.
			if _, err := sh.im.EditRow(ctx, sh.tn, imp.ID, 3, map[string]string{"birth_date": "03/04/1970"}); err != nil {
				t.Fatal(err)
			}
			if imp, err := sh.im.Validate(ctx, sh.tn, imp.ID); err != nil || imp.Summary.New != 3 {
				t.Fatalf("validate: %+v, %v", imp.Summary, err)
			}
			// The dry run reads the column alike: 12/31/1985 is a date there too.
			dry := dryStatuses(t, sh, path)
			if want := []customer.Status{customer.StatusNew, customer.StatusNew, customer.StatusNew}; !slices.Equal(dry, want) {
				t.Errorf("dry run statuses %v, want %v", dry, want)
			}
			sh.confirm(imp.ID)
			got := map[string]string{}
			for _, c := range sh.customers() {
				got[c.Values[customer.FFirstName]] = c.Values[customer.FBirthDate]
			}
			if want := map[string]string{"Ann": "1990-05-06", "Bob": "1970-03-04", "Cy": "1985-12-31"}; !maps.Equal(got, want) {
				t.Errorf("stored dates %v, want %v", got, want)
			}
		})
		t.Run("a column with both kinds", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			path := csvFile(t, "mixed.csv", person("Ann", "05/06/1990"), person("Bob", "13/01/1990"), person("Cy", "12/31/1985"))
			imp := sh.stage(path, customer.ModeCreate)
			if imp.DateOrder != customer.DayFirst {
				t.Fatalf("order %q, want day first", imp.DateOrder)
			}
			rows := sh.rows(imp.ID)
			if r := rowNum(t, rows, 2); r.Status != customer.StatusNew {
				t.Errorf("05/06/1990: %s %v", r.Status, r.Errors)
			}
			us := problem(t, rowNum(t, rows, 4), customer.CodeInvalidDate)
			if us.Msg != "date_month_first" || us.Args["local"] != "31.12.1985" {
				t.Errorf("12/31/1985: %+v, want it told month first, with 31.12.1985", us)
			}
			if dry := dryStatuses(t, sh, path); !slices.Equal(dry, []customer.Status{customer.StatusNew, customer.StatusNew, customer.StatusError}) {
				t.Errorf("dry run: %v, want the US date alone in error", dry)
			}
		})
		t.Run("the dry run decides where the first ordered date is", func(t *testing.T) {
			sh := newShop(t, s, "NO")
			// Year-first and blank dates, then a US column: the dry run reads ahead from row 4.
			var people []map[string]string
			for i, d := range []string{"1990-01-02", "", "05/06/1990", "1970-03-04", "01/02/1985", "12/31/1985", ""} {
				people = append(people, person(string(rune('A'+i))+"nn", d))
			}
			path := csvFile(t, "late.csv", people...)
			want := slices.Repeat([]customer.Status{customer.StatusNew}, len(people))
			if dry := dryStatuses(t, sh, path); !slices.Equal(dry, want) {
				t.Errorf("dry run: %v, want all new", dry)
			}
			if imp := sh.stage(path, customer.ModeCreate); imp.DateOrder != customer.MonthFirst || imp.Summary.New != len(people) {
				t.Errorf("staged: order %q, %+v", imp.DateOrder, imp.Summary)
			}
		})
	})
}

// dryStatuses dry-runs the file at path and returns its rows' statuses, in file order.
func dryStatuses(t *testing.T, sh *shop, path string) []customer.Status {
	t.Helper()
	var got []customer.Status
	imp, err := sh.im.Check(context.Background(), sh.tn, path, stageOpts(customer.ModeCreate, 0), func(r *customer.StagedRow) error {
		got = append(got, r.Status)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if month := imp.DateOrder == customer.MonthFirst; month != slices.ContainsFunc(imp.Notices, func(n customer.Notice) bool { return n.Msg == "dates_month_first" }) {
		t.Errorf("dry run: order %q, notices %v", imp.DateOrder, imp.Warnings)
	}
	return got
}
