// Package hostile makes hostile inputs for tests: zip bombs that never hold their inflated
// bytes, and XML entity bombs. The sheet reader's tests and the web upload tests share them.
package hostile

import (
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
)

// Deflated returns head, mib MiB of spaces and tail deflated, with the checksum and inflated
// size a zip entry needs. Deflate blocks ended by a flush can be repeated, so the inflated bytes
// are never held: a MiB of spaces deflates to about a KiB.
func Deflated(head string, mib int, tail string) (raw []byte, crc uint32, size uint64) {
	deflate := func(s string, final bool) []byte {
		var b bytes.Buffer
		fw, _ := flate.NewWriter(&b, flate.BestCompression)
		io.WriteString(fw, s)
		if final {
			fw.Close()
		} else {
			fw.Flush()
		}
		return b.Bytes()
	}
	spaces := strings.Repeat(" ", 1<<20)
	block := deflate(spaces, false)
	raw = deflate(head, false)
	crc = crc32.ChecksumIEEE([]byte(head))
	for range mib {
		raw = append(raw, block...)
		crc = crc32.Update(crc, crc32.IEEETable, []byte(spaces))
	}
	raw = append(raw, deflate(tail, true)...)
	crc = crc32.Update(crc, crc32.IEEETable, []byte(tail))
	return raw, crc, uint64(len(head)) + uint64(mib)<<20 + uint64(len(tail))
}

// Laughs is a "billion laughs" prolog: an XML declaration and a DTD in which &lol9; would
// expand to 10⁹ "lol"s.
func Laughs() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">`)
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, `<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	b.WriteString("]>")
	return b.String()
}
