package sqlstore

import (
	"context"
	"testing"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/internal/dbtest"
)

// TestPostgresKeyCollation: migration 2 makes the customers' mobile and name keys compare
// byte-wise, as the account number and email key do. A database of version 1 that holds
// customers is migrated, and its keys still find their customers and still refuse a second one;
// the migration's Down gives the columns back the database's collation.
func TestPostgresKeyCollation(t *testing.T) {
	ctx := context.Background()
	dsn := dbtest.Postgres(t)
	s := opener(dsn)(t)
	tn := newTenant(t, s)
	stored := insertValues(t, s, tn.ID, person("K-1", "Åse", "Bjørnstad", "ase@example.no", "+4791000001", "0150"))

	bytewise := map[string]string{"account_number": "C", "email_key": "C", "mobile_key": "C", "name_key": "C"}
	checkCollations(t, s, bytewise)

	p, err := migrations(s.db, postgresDialect{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 1); err != nil {
		t.Fatalf("migrate down to 1: %v", err)
	}
	checkCollations(t, s, map[string]string{"account_number": "C", "email_key": "C", "mobile_key": "", "name_key": ""})

	// Opening the store migrates the version-1 database again.
	s = opener(dsn)(t)
	checkCollations(t, s, bytewise)
	k := customer.KeysOf(&stored[0].Values)
	for _, key := range []customer.Keys{{Mobile: k.Mobile}, {NamePostcode: k.NamePostcode}} {
		got, err := s.Customers(ctx, tn.ID, []customer.Keys{key})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != stored[0].ID {
			t.Errorf("Customers(%+v) after the migration = %+v, want customer %d", key, got, stored[0].ID)
		}
	}
	for word, v := range map[string]customer.Values{
		"mobile": person("", "Other", "Person", "", "+4791000001", ""),
		"name":   person("", "ÅSE", "bjørnstad", "", "", "0150"),
	} {
		checkConflict(t, s.InsertCustomers(ctx, tn.ID, []*customer.Customer{{Values: v}}), word)
	}
}

// checkCollations checks the collation of the customers' key columns: "" for the database's.
func checkCollations(t *testing.T, s *Store, want map[string]string) {
	t.Helper()
	rows, err := s.db.Query(`SELECT column_name, COALESCE(collation_name, '') FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'customers'
		AND column_name IN ('account_number', 'email_key', 'mobile_key', 'name_key')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var col, coll string
		if err := rows.Scan(&col, &coll); err != nil {
			t.Fatal(err)
		}
		got[col] = coll
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for col, w := range want {
		if g, ok := got[col]; !ok || g != w {
			t.Errorf("collation of customers.%s = %q (found: %v), want %q", col, g, ok, w)
		}
	}
}
