package match

import "strings"

// norphone is a Norphone-style phonetic key of one folded word (Garshol's rules for Norwegian
// spelling): a vowel is kept only as the first letter (as "A"), consonant groups that sound
// alike are written alike (kj, skj, sj → X; gj, hj, j before a vowel → J; ch, ck, c, q, g → K
// where they sound so; ph, v, w → F; th, dt → T; z → S; x → KS), the silent d of ld, nd and rd
// and the silent h after a vowel or before j, l, r, v go, and doubled letters count once. So
// "Haaland", "Håland" and "Haland" are one key, as are "Kristiansen" and "Christiansen",
// "Nilsen" and "Nielsen", "Pedersen" and "Petersen".
func norphone(w string) string {
	var b strings.Builder
	last := byte(0)
	emit := func(c byte) {
		if c != last {
			b.WriteByte(c)
		}
		last = c
	}
	at := func(i int) byte {
		if i >= 0 && i < len(w) {
			return w[i]
		}
		return 0
	}
	for i := 0; i < len(w); {
		c := w[i]
		next := at(i + 1)
		switch {
		case isVowel(c):
			if i == 0 {
				emit('A')
			} else {
				last = 0 // a vowel between two alike consonants keeps both
			}
			i++
			if c == 'a' && next == 'a' {
				i++
			}
			continue
		case strings.HasPrefix(w[i:], "skj"):
			emit('X')
			i += 3
			continue
		case strings.HasPrefix(w[i:], "sch"):
			emit('X')
			i += 3
			continue
		case c == 's' && (next == 'j' || next == 'h'):
			emit('X')
			i += 2
			continue
		case c == 'k' && next == 'j', c == 't' && next == 'j':
			emit('X')
			i += 2
			continue
		case (c == 'g' || c == 'h') && next == 'j':
			emit('J')
			i += 2
			continue
		case c == 'h':
			// h sounds only before a vowel; before j, l, r, v and after a vowel it is silent
			if isVowel(next) {
				emit('H')
			}
		case c == 'c':
			switch {
			case next == 'h' || next == 'k':
				emit('K')
				i += 2
				continue
			case next == 'e' || next == 'i' || next == 'y':
				emit('S')
			default:
				emit('K')
			}
		case c == 'd':
			prev := at(i - 1)
			switch {
			case next == 't':
				emit('T')
				i += 2
				continue
			case (prev == 'l' || prev == 'n' || prev == 'r') && !isVowel(next):
				// silent: "Bakkeland", "Lund", "Nordby"
			default:
				emit('T')
			}
		case c == 't' && next == 'h':
			emit('T')
			i += 2
			continue
		case c == 'p' && next == 'h':
			emit('F')
			i += 2
			continue
		case c == 'g':
			if next == 'i' || next == 'y' || (next == 'e' && at(i+2) == 'i') {
				emit('J')
			} else {
				emit('K')
			}
		case c == 'q':
			emit('K')
		case c == 'v' || c == 'w' || c == 'f':
			emit('F')
		case c == 'z':
			emit('S')
		case c == 'x':
			emit('K')
			emit('S')
		case c == 'b' || c == 'j' || c == 'k' || c == 'l' || c == 'm' || c == 'n' || c == 'p' || c == 'r' || c == 's' || c == 't':
			emit(c - 'a' + 'A')
		}
		i++
	}
	return b.String()
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
