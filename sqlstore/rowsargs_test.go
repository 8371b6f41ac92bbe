package sqlstore

import (
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
)

// TestPostgresRowsArgs: the rows' arguments, a row after another, become an array a column
// (NULL for a nil number), followed by the statement's other arguments as they were.
func TestPostgresRowsArgs(t *testing.T) {
	types := []rowType{rowInteger, rowText, rowBoolean, rowBigint}
	args := []any{2, "a", true, int64(7), 5, "b", false, nil, int64(42), "fixed"}
	got, err := postgresDialect{}.rowsArgs(types, 2, args)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{
		[]pgtype.Int8{{Int64: 2, Valid: true}, {Int64: 5, Valid: true}},
		[]string{"a", "b"},
		[]bool{true, false},
		[]pgtype.Int8{{Int64: 7, Valid: true}, {}},
		int64(42), "fixed",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rowsArgs = %#v\nwant %#v", got, want)
	}
	if got := (postgresDialect{}).rowsOf(types, 2); got != "SELECT * FROM unnest(CAST(? AS INTEGER[]), CAST(? AS TEXT[]), CAST(? AS BOOLEAN[]), CAST(? AS BIGINT[]))" {
		t.Errorf("rowsOf = %s", got)
	}

	for _, bad := range [][]any{
		{"2", "a", true, nil},      // a number as text
		{2, 3, true, nil},          // text as a number
		{2, "a", "true", nil},      // a boolean as text
		{2, "a", true, float64(1)}, // not a whole number
	} {
		if _, err := (postgresDialect{}).rowsArgs(types, 1, bad); err == nil || !strings.Contains(err.Error(), "column's argument") {
			t.Errorf("rowsArgs(%v) = %v, want an error naming the column type", bad, err)
		}
	}
}
