package access

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// secretBytes is the entropy of a session cookie or API token: 256 bits, beyond guessing.
const secretBytes = 32

// NewSecret returns a new random secret for a session cookie, CSRF token or API token: plain is
// 32 random bytes in unpadded base64url (43 characters, safe in cookies, headers and URLs), and
// hash is HashSecret(plain), what the store keeps.
func NewSecret() (plain, hash string, err error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("access: new secret: %w", err)
	}
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, HashSecret(plain), nil
}

// HashSecret returns the hex SHA-256 of a secret. A plain hash, unsalted and fast, is enough
// here, unlike for passwords: the secrets are random and too long to guess, and a fast hash lets
// every request be looked up by it.
func HashSecret(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}
