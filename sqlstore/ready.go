package sqlstore

import (
	"context"
	"fmt"

	"github.com/clientele/clientele/customer"
)

// Ready reports whether the store can serve requests: nil when the database answers and every
// migration this binary embeds is applied. Otherwise it returns a *customer.Error whose message
// says which of the two is wrong, in words fit for a public health probe, with the cause (which
// may name hosts and users) wrapped for the log.
func (s *Store) Ready(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return &customer.Error{Code: customer.EInternal, Message: "The database does not answer.", Err: fmt.Errorf("sqlstore: ping: %w", err)}
	}
	// goose compares its version table with the embedded migrations, so no version number is
	// written down here; HasPending takes no lock, so a migrating process does not block it.
	p, err := migrations(s.db, s.d)
	if err != nil {
		return fmt.Errorf("sqlstore: ready: %w", err)
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return &customer.Error{Code: customer.EInternal, Message: "The database's schema version cannot be read.", Err: fmt.Errorf("sqlstore: migrations: %w", err)}
	}
	if pending {
		return customer.Errorf(customer.EInternal, "The database's schema is older than this version of Clientele: migrations are pending.")
	}
	return nil
}

// ImportsByState counts the imports of all tenants by state, dry runs left out (they are records
// for the audit log, never at work); a state no import is in is absent.
func (s *Store) ImportsByState(ctx context.Context) (map[customer.State]int, error) {
	counts := map[customer.State]int{}
	err := s.read(ctx, func(q *queries) error {
		rows, err := q.query(ctx, `SELECT state, count(*) FROM imports WHERE NOT dry_run GROUP BY state`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var state string
			var n int
			if err := rows.Scan(&state, &n); err != nil {
				return err
			}
			counts[customer.State(state)] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: imports by state: %w", err)
	}
	return counts, nil
}

// JobsWaiting counts the jobs waiting to be worked (available, scheduled or to be retried) in each
// queue of the job engine, whose tables live beside the Store's; a queue with none is absent.
func (s *Store) JobsWaiting(ctx context.Context) (map[string]int, error) {
	counts := map[string]int{}
	err := s.read(ctx, func(q *queries) error {
		rows, err := q.query(ctx, `SELECT queue, count(*) FROM river_job WHERE state IN ('available', 'scheduled', 'retryable') GROUP BY queue`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var queue string
			var n int
			if err := rows.Scan(&queue, &n); err != nil {
				return err
			}
			counts[queue] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: jobs waiting: %w", err)
	}
	return counts, nil
}
