// Package access holds the secrets of staff access: password hashing, and the random secrets of
// browser sessions and API bearer tokens with the hashes the store keeps of them. Who may do what
// (roles) is customer's; the stores that keep users, sessions and tokens are declared by what uses
// them (package web, the CLI).
package access
