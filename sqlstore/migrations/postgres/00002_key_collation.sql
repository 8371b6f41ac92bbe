-- The customers' mobile and name keys compare byte-wise (COLLATE "C"), as email_key and
-- account_number already do. They are made by the importer (E.164 numbers, folded names) and only
-- ever compared for equality, but their unique indexes are b-trees, and every probe of one
-- (each row of an import looks its keys up) compares in the column's collation: in the server's
-- locale that is strcoll, byte-wise it is memcmp. On a million customers a thousand probes of the
-- mobile index took 2.9-3.7 ms byte-wise, 3.8-4.7 ms in C.UTF-8 and 6.7-8.1 ms in nb-NO (ICU).
-- Equality is unchanged: a deterministic collation calls two texts equal only when their bytes
-- are, so no key the indexes hold can collide anew. The indexes are rebuilt, the table is not:
-- 4 s on a million customers.

-- +goose Up
ALTER TABLE customers
	ALTER COLUMN mobile_key TYPE TEXT COLLATE "C",
	ALTER COLUMN name_key TYPE TEXT COLLATE "C";

-- +goose Down
ALTER TABLE customers
	ALTER COLUMN mobile_key TYPE TEXT COLLATE "default",
	ALTER COLUMN name_key TYPE TEXT COLLATE "default";
