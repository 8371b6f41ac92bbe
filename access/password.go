package access

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/clientele/clientele/customer"
)

// MinPasswordLength is the fewest characters a password may have. Length is what makes a
// password hard to guess; no rules about digits or symbols (NIST SP 800-63B).
const MinPasswordLength = 10

// The argon2id parameters for new hashes: OWASP's minimum recommendation (19 MiB, two passes,
// one lane), so that a login stays quick and tests stay fast. They are
// stored in each hash, so raising them later does not invalidate existing passwords.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32
)

// maxArgonMemory bounds the memory a stored hash may ask CheckPassword for (256 MiB), so that a
// corrupted or planted hash cannot exhaust the server.
const maxArgonMemory = 256 * 1024

// b64 is PHC's base64: the standard alphabet without padding.
var b64 = base64.RawStdEncoding

// HashPassword returns an argon2id hash of pw with a random salt, encoded in the PHC string
// format ($argon2id$v=19$m=19456,t=2,p=1$salt$hash) that other argon2 libraries read. It fails
// with EInvalid when pw is shorter than MinPasswordLength characters.
func HashPassword(pw string) (string, error) {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return "", customer.Errorf(customer.EInvalid, "The password is too short: use at least %d characters.", MinPasswordLength)
	}
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("access: hash password: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw is the password hash was made from, comparing the keys in
// constant time. A hash that is not a well-formed argon2id hash matches no password.
func CheckPassword(hash, pw string) bool {
	h, ok := parseHash(hash)
	if !ok {
		return false
	}
	key := argon2.IDKey([]byte(pw), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(key, h.key) == 1
}

// argonHash is a decoded PHC argon2id string.
type argonHash struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// parseHash decodes "$argon2id$v=19$m=…,t=…,p=…$salt$key", refusing other versions, parameters
// out of range and anything but the canonical form.
func parseHash(s string) (argonHash, bool) {
	var h argonHash
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return h, false
	}
	if parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return h, false
	}
	var threads uint32
	_, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &h.memory, &h.time, &threads)
	if err != nil || parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", h.memory, h.time, threads) {
		return h, false
	}
	if h.time < 1 || threads < 1 || threads > 255 || h.memory < 8*threads || h.memory > maxArgonMemory {
		return h, false
	}
	h.threads = uint8(threads)
	if h.salt, err = b64.DecodeString(parts[4]); err != nil || len(h.salt) < 8 {
		return h, false
	}
	if h.key, err = b64.DecodeString(parts[5]); err != nil || len(h.key) < 16 || len(h.key) > 64 {
		return h, false
	}
	return h, true
}
