// Package match decides whether two customers are likely the same person: the near-duplicates
// that the exact identity checks (account number, email, mobile, name + postcode) miss, such as
// "Haland" for "Håland", "Nordmann Kari" for "Kari Nordmann", "Hansen-Berg" for "Hansen", or
// "kari@gmial.com" for "kari@gmail.com". It is pure: it imports customer and no I/O.
//
// Keys gives a customer's blocking keys (a phonetic key of each name part with the postcode, the
// email's local part, the last digits of each phone); the stores keep them beside each customer,
// so that a row is compared only with the customers that share a key with it, never with all.
// Compare scores one pair: names folded (case, spacing, å→a, ø→o, æ→ae, ł→l, ś→s, …) and
// compared by Jaro-Winkler (go-edlib) part by part, the other way round too (first and last name
// swapped), a part of a double or hyphenated surname counting as the surname, and two phonetic
// keys, one for Norwegian and one for Polish spelling; then the contacts: the same address or
// postcode, the email's local part, a phone's last digits. Contacts that are given on both sides
// and differ count against a match, which keeps apart the members of a family at one address and
// people of a common name in different towns. Likely's threshold was chosen on the labelled
// corpus in testdata (TestCorpus reports its precision and recall).
//
// Both phonetic keys are written here, as small rule tables: no Go module on the module proxy
// offers either. norphone follows Garshol's Norphone (the rules of Duke's NorphoneComparator,
// for Norwegian spelling: aa, kj/skj, gj/hj, silent d and h, double consonants). dmSoundex is a
// subset of Daitch–Mokotoff soundex: the rules of its table that Polish spelling uses (sz, cz, rz,
// szcz, dz, ch, w, …) and only the first of its alternative codes (c is 5, ch is 5, rz is 94, j is
// 1), so that one name has one key; Polish variant spellings of one sound (Kowalczyk and
// Kowalczik, Szymański and Szymanski, Wawrzyniak and Wawrzyniack) get one code.
package match
