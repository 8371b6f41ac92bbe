// Package access decides who may do what: staff accounts with roles, password hashing, browser
// sessions and API bearer tokens, against a Store.
package access
