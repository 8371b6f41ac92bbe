package access

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/clientele/clientele/customer"
)

func TestHashPassword(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		code customer.ErrorCode // "" when the password is accepted
	}{
		{"empty", "", customer.EInvalid},
		{"nine characters", "123456789", customer.EInvalid},
		{"nine letters, more bytes", "æøåæøåæøå", customer.EInvalid},
		{"ten characters", "1234567890", ""},
		{"ten letters beyond ASCII", "Łódź-Ærlig", ""},
		{"spaces count", "correct horse battery staple", ""},
		{"long", strings.Repeat("x", 1000), ""},
	}
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hash, err := HashPassword(tt.pw)
			if got := customer.ErrorCodeOf(err); got != tt.code {
				t.Fatalf("HashPassword(%q) error %v, want code %q", tt.pw, err, tt.code)
			}
			if tt.code != "" {
				if hash != "" {
					t.Errorf("refused password still hashed: %q", hash)
				}
				return
			}
			if !phc.MatchString(hash) {
				t.Errorf("hash %q is not a PHC argon2id string with the expected parameters", hash)
			}
			if !CheckPassword(hash, tt.pw) {
				t.Error("CheckPassword refuses the password the hash was made from")
			}
			if CheckPassword(hash, tt.pw+"x") || CheckPassword(hash, strings.ToUpper(tt.pw)+"!") {
				t.Error("CheckPassword accepts another password")
			}
			again, _ := HashPassword(tt.pw)
			if again == hash {
				t.Error("two hashes of one password are equal: the salt is not random")
			}
		})
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	const pw = "1234567890"
	good, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$") // "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	tests := []struct {
		name, hash string
	}{
		{"empty", ""},
		{"plain text", pw},
		{"argon2i", with(1, "argon2i")},
		{"other version", with(2, "v=16")},
		{"version with junk", with(2, "v=19x")},
		{"parameters reordered", with(3, "t=2,m=19456,p=1")},
		{"parameters with junk", with(3, "m=19456,t=2,p=1,x=1")},
		{"no passes", with(3, "m=19456,t=0,p=1")},
		{"no lanes", with(3, "m=19456,t=2,p=0")},
		{"too much memory", with(3, "m=4194304,t=2,p=1")},
		{"other parameters", with(3, "m=19456,t=3,p=1")},
		{"padded salt", with(4, parts[4]+"==")},
		{"short salt", with(4, base64.RawStdEncoding.EncodeToString([]byte("salt")))},
		{"short key", with(5, base64.RawStdEncoding.EncodeToString([]byte("key")))},
		{"other key", with(5, base64.RawStdEncoding.EncodeToString(make([]byte, 32)))},
		{"missing part", strings.Join(parts[:5], "$")},
		{"extra part", good + "$x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if CheckPassword(tt.hash, pw) {
				t.Errorf("CheckPassword(%q) accepted the password", tt.hash)
			}
		})
	}
	if !CheckPassword(good, pw) {
		t.Error("the unmodified hash does not check")
	}
}

// TestCheckPasswordKnownHash checks a hash made elsewhere — a test vector of the reference
// implementation (argon2id, t=2, m=64 KiB, p=1, "password" salted with "somesalt"), in PHC
// encoding — so that stored hashes stay readable by, and from, other argon2 libraries.
func TestCheckPasswordKnownHash(t *testing.T) {
	const hash = "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$Bo1ismRVk2qm6+YAYLCmWHDb+j3fjUH3"
	if !CheckPassword(hash, "password") {
		t.Error("the reference hash of \"password\" does not check")
	}
	if CheckPassword(hash, "Password") {
		t.Error("the reference hash accepts another password")
	}
}

func TestNewSecret(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		plain, hash, err := NewSecret()
		if err != nil {
			t.Fatal(err)
		}
		b, err := base64.RawURLEncoding.DecodeString(plain)
		if err != nil || len(b) != 32 {
			t.Fatalf("secret %q is not 32 bytes of unpadded base64url: %v", plain, err)
		}
		if hash != HashSecret(plain) {
			t.Errorf("NewSecret hash %q, HashSecret %q", hash, HashSecret(plain))
		}
		if seen[plain] {
			t.Fatalf("secret %q repeated", plain)
		}
		seen[plain] = true
	}
}

func TestHashSecret(t *testing.T) {
	tests := []struct {
		name, plain, want string
	}{
		{"empty", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HashSecret(tt.plain); got != tt.want {
				t.Errorf("HashSecret(%q) = %s, want %s", tt.plain, got, tt.want)
			}
		})
	}
}
