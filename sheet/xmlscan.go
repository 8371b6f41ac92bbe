package sheet

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
)

// xmlScanner is a small, strict, allocation-free XML tokenizer for the parts of a workbook that
// hold the data (worksheets, shared strings). It is written for speed (see the package doc):
// it checks that the document is well formed as encoding/xml does (tags nest and match, entities
// are known, text is valid UTF-8 without control characters), refuses a DTD, and keeps only
// local names: the parts' namespaces are fixed by the format.
type xmlScanner struct {
	r         *bufio.Reader
	lc        *lineCounter
	kind      tokKind
	name      []byte // local name of the current start or end tag
	attrs     []xmlAttr
	abuf      []byte // attribute values of the current start tag
	text      []byte // decoded text of the current text token
	ename     []byte // qualified name of the current end tag
	tag       []byte // the tag being read
	stack     []byte // qualified names of the open elements, each followed by 0
	selfClose bool   // the current start tag ends with "/>": an end token follows
}

type tokKind int

const (
	tokStart tokKind = iota + 1
	tokEnd
	tokText
)

// xmlAttr is one attribute of a start tag: the local name and the decoded value.
type xmlAttr struct {
	name       []byte
	start, end int // value in xmlScanner.abuf
}

// xmlError is a well-formedness error found by xmlScanner.
type xmlError struct {
	line int // set by xmlScanner.next
	msg  string
}

func (e *xmlError) Error() string {
	return fmt.Sprintf("XML syntax error on line %d: %s", e.line, e.msg)
}

func syntaxErr(format string, args ...any) error { return &xmlError{msg: fmt.Sprintf(format, args...)} }

// lineCounter counts the line ends read through it, for error messages.
type lineCounter struct {
	r     io.Reader
	lines int
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.lines += bytes.Count(p[:n], []byte{'\n'})
	return n, err
}

// line returns the line number of the next byte to be read.
func (s *xmlScanner) line() int {
	buffered, _ := s.r.Peek(s.r.Buffered())
	return 1 + s.lc.lines - bytes.Count(buffered, []byte{'\n'})
}

// newXMLScanner returns a scanner of r. A document that declares an encoding other than UTF-8
// is decoded, as encoding/xml with a CharsetReader would.
func newXMLScanner(r io.Reader) (*xmlScanner, error) {
	lc := &lineCounter{r: r}
	br := bufio.NewReaderSize(lc, 64<<10)
	head, _ := br.Peek(200)
	if enc := declaredEncoding(head); enc != "" && !isUTF8Label(enc) {
		e, err := htmlindex.Get(enc)
		if err != nil {
			return nil, &xmlError{line: 1, msg: fmt.Sprintf("unsupported encoding %q", enc)}
		}
		lc = &lineCounter{r: e.NewDecoder().Reader(br)}
		br = bufio.NewReaderSize(lc, 64<<10)
	}
	return &xmlScanner{r: br, lc: lc}, nil
}

// declaredEncoding returns the encoding named in the XML declaration at the start of head.
func declaredEncoding(head []byte) string {
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := head[:end]
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	rest = rest[1:]
	if j := bytes.IndexByte(rest, q); j >= 0 {
		return string(rest[:j])
	}
	return ""
}

func isUTF8Label(s string) bool {
	return bytes.EqualFold([]byte(s), []byte("utf-8")) || bytes.EqualFold([]byte(s), []byte("utf8"))
}

// attr returns the value of the current start tag's attribute with the given local name.
func (s *xmlScanner) attr(name string) ([]byte, bool) {
	for _, a := range s.attrs {
		if string(a.name) == name {
			return s.abuf[a.start:a.end], true
		}
	}
	return nil, false
}

// next reads the next start tag, end tag or text; io.EOF at the end of the document. Comments,
// processing instructions and text outside the root element are skipped.
func (s *xmlScanner) next() error {
	err := s.token()
	if err != nil {
		s.setLine(err)
	}
	return err
}

// setLine sets the line of a syntax error (kept out of next, where its variable would cost an
// allocation per token).
func (s *xmlScanner) setLine(err error) {
	var xe *xmlError
	if errors.As(err, &xe) && xe.line == 0 {
		xe.line = s.line()
	}
}

func (s *xmlScanner) token() error {
	if s.selfClose {
		s.selfClose = false
		s.kind = tokEnd
		return s.pop(nil)
	}
	for {
		b, err := s.r.ReadByte()
		if err == io.EOF {
			if len(s.stack) > 0 {
				return syntaxErr("unexpected EOF")
			}
			return io.EOF
		}
		if err != nil {
			return err
		}
		if b != '<' {
			_ = s.r.UnreadByte()
			if err := s.readText(); err != nil {
				return err
			}
			if len(s.stack) == 0 {
				continue // as encoding/xml, which excelize uses, text outside the root is allowed
			}
			s.kind = tokText
			return nil
		}
		b, err = s.r.ReadByte()
		if err != nil {
			return syntaxErr("unexpected EOF")
		}
		switch b {
		case '?':
			if err := s.skipPast("?>"); err != nil {
				return err
			}
		case '!':
			done, err := s.bang()
			if err != nil || done {
				return err
			}
		case '/':
			return s.endTag()
		default:
			_ = s.r.UnreadByte()
			return s.startTag()
		}
	}
}

// bang reads what follows "<!": a comment (skipped), CDATA (a text token: done) or a DTD
// (refused).
func (s *xmlScanner) bang() (done bool, err error) {
	p, _ := s.r.Peek(7)
	switch {
	case bytes.HasPrefix(p, []byte("--")):
		_, _ = s.r.Discard(2)
		return false, s.skipPast("-->")
	case bytes.HasPrefix(p, []byte("[CDATA[")):
		_, _ = s.r.Discard(7)
		if len(s.stack) == 0 {
			return false, syntaxErr("CDATA outside the root element")
		}
		s.text = s.text[:0]
		for {
			chunk, err := s.r.ReadSlice('>')
			s.text = append(s.text, chunk...)
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil {
				return false, syntaxErr("unexpected EOF in CDATA")
			}
			if bytes.HasSuffix(s.text, []byte("]]>")) {
				s.text = s.text[:len(s.text)-3]
				break
			}
		}
		if err := checkChars(s.text); err != nil {
			return false, err
		}
		s.kind = tokText
		return true, nil
	case len(p) >= 7 && bytes.EqualFold(p, []byte("DOCTYPE")):
		return false, errDTD
	}
	return false, syntaxErr("unsupported <! declaration")
}

// skipPast discards input up to and including end.
func (s *xmlScanner) skipPast(end string) error {
	last := end[len(end)-1]
	var tail []byte
	for {
		chunk, err := s.r.ReadSlice(last)
		if err != nil && err != bufio.ErrBufferFull {
			return syntaxErr("unexpected EOF")
		}
		tail = append(tail, chunk...)
		if len(tail) > len(end) {
			tail = tail[len(tail)-len(end):]
		}
		if err == nil && bytes.HasSuffix(tail, []byte(end)) {
			return nil
		}
	}
}

// readText reads text up to the next '<' (not consumed) into s.text, decoding entities and
// normalising line ends as encoding/xml does.
func (s *xmlScanner) readText() error {
	s.text = s.text[:0]
	for {
		chunk, err := s.r.ReadSlice('<')
		if err == nil {
			_ = s.r.UnreadByte()
			chunk = chunk[:len(chunk)-1]
		}
		s.text = append(s.text, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && err != io.EOF {
			return err
		}
		break
	}
	var err error
	s.text, err = decodeXMLText(s.text)
	return err
}

// decodeXMLText decodes entities and character references in b in place, turns CR LF and lone
// CR into LF, and checks the characters.
func decodeXMLText(b []byte) ([]byte, error) {
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		return b, checkChars(b)
	}
	out := b[:0]
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch c {
		case '\r':
			out = append(out, '\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		case '&':
			j := bytes.IndexByte(b[i:], ';')
			if j < 0 {
				return nil, syntaxErr("unterminated entity")
			}
			ent := b[i+1 : i+j]
			var r rune
			switch string(ent) {
			case "amp":
				r = '&'
			case "lt":
				r = '<'
			case "gt":
				r = '>'
			case "quot":
				r = '"'
			case "apos":
				r = '\''
			default:
				if len(ent) < 2 || ent[0] != '#' {
					return nil, syntaxErr("invalid character entity &%s;", ent)
				}
				var n uint64
				var err error
				if ent[1] == 'x' {
					n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
				} else {
					n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
				}
				if err != nil || !isXMLChar(rune(n)) {
					return nil, syntaxErr("invalid character entity &%s;", ent)
				}
				r = rune(n)
			}
			out = utf8.AppendRune(out, r)
			i += j
		default:
			out = append(out, c)
		}
	}
	return out, checkChars(out)
}

// checkChars refuses invalid UTF-8 and the control characters XML does not allow.
func checkChars(b []byte) error {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return syntaxErr("illegal character code %U", rune(c))
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return syntaxErr("invalid UTF-8")
		}
		if !isXMLChar(r) {
			return syntaxErr("illegal character code %U", r)
		}
		i += n
	}
	return nil
}

func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// localName returns the part of a qualified name after the prefix.
func localName(q []byte) []byte {
	if i := bytes.IndexByte(q, ':'); i >= 0 {
		return q[i+1:]
	}
	return q
}

// readTag reads the rest of a tag, up to and without its '>' (which may appear in quoted
// attribute values), into s.tag.
func (s *xmlScanner) readTag() ([]byte, error) {
	chunk, err := s.r.ReadSlice('>')
	if err == nil && quotesClosed(chunk) {
		return chunk[:len(chunk)-1], nil // in bufio's buffer: valid until the next read
	}
	s.tag = append(s.tag[:0], chunk...)
	for {
		switch {
		case err == nil && quotesClosed(s.tag):
			return s.tag[:len(s.tag)-1], nil
		case err != nil && err != bufio.ErrBufferFull:
			return nil, syntaxErr("unexpected EOF in a tag")
		}
		chunk, err = s.r.ReadSlice('>')
		s.tag = append(s.tag, chunk...)
	}
}

// quotesClosed reports whether b has no open quoted attribute value.
func quotesClosed(b []byte) bool {
	var q byte
	for _, c := range b {
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		}
	}
	return q == 0
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// nameEnd returns the length of the name at the start of b.
func nameEnd(b []byte) (int, error) {
	for i, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n', '=', '/':
			if i == 0 {
				return 0, syntaxErr("expected a name")
			}
			return i, nil
		case '<', '&', '"', '\'':
			return 0, syntaxErr("invalid character %q in a name", c)
		}
	}
	if len(b) == 0 {
		return 0, syntaxErr("expected a name")
	}
	return len(b), nil
}

func (s *xmlScanner) startTag() error {
	tag, err := s.readTag()
	if err != nil {
		return err
	}
	if n := len(tag); n > 0 && tag[n-1] == '/' {
		s.selfClose = true
		tag = tag[:n-1]
	}
	n, err := nameEnd(tag)
	if err != nil {
		return err
	}
	mark := len(s.stack)
	s.stack = append(append(s.stack, tag[:n]...), 0)
	s.name = localName(s.stack[mark : mark+n])
	s.attrs, s.abuf = s.attrs[:0], s.abuf[:0]
	s.kind = tokStart
	rest := tag[n:]
	for {
		i := 0
		for i < len(rest) && isSpace(rest[i]) {
			i++
		}
		if i == len(rest) {
			return nil
		}
		if i == 0 {
			return syntaxErr("expected white space before an attribute")
		}
		rest = rest[i:]
		n, err := nameEnd(rest)
		if err != nil {
			return err
		}
		nameStart := len(s.abuf)
		s.abuf = append(s.abuf, rest[:n]...)
		nameStop := len(s.abuf)
		rest = rest[n:]
		for len(rest) > 0 && isSpace(rest[0]) {
			rest = rest[1:]
		}
		if len(rest) == 0 || rest[0] != '=' {
			return syntaxErr("attribute without a value")
		}
		rest = rest[1:]
		for len(rest) > 0 && isSpace(rest[0]) {
			rest = rest[1:]
		}
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return syntaxErr("unquoted attribute value")
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return syntaxErr("unterminated attribute value")
		}
		val := rest[1 : 1+end]
		rest = rest[2+end:]
		if bytes.IndexByte(val, '<') >= 0 {
			return syntaxErr("unescaped < inside an attribute value")
		}
		valStart := len(s.abuf)
		s.abuf = append(s.abuf, val...)
		dec, err := decodeXMLText(s.abuf[valStart:])
		if err != nil {
			return err
		}
		s.abuf = s.abuf[:valStart+len(dec)]
		s.attrs = append(s.attrs, xmlAttr{name: localName(s.abuf[nameStart:nameStop]), start: valStart, end: valStart + len(dec)})
	}
}

func (s *xmlScanner) endTag() error {
	tag, err := s.readTag()
	if err != nil {
		return err
	}
	n, err := nameEnd(tag)
	if err != nil {
		return err
	}
	for _, c := range tag[n:] {
		if !isSpace(c) {
			return syntaxErr("invalid characters between </%s and >", tag[:n])
		}
	}
	s.ename = append(s.ename[:0], tag[:n]...)
	s.kind = tokEnd
	if err := s.pop(s.ename); err != nil {
		return err
	}
	s.name = localName(s.ename)
	return nil
}

// pop closes the innermost open element, which must be named qname (nil: any name, for a
// self-closing tag).
func (s *xmlScanner) pop(qname []byte) error {
	if len(s.stack) == 0 {
		return syntaxErr("unexpected end element </%s>", qname)
	}
	i := bytes.LastIndexByte(s.stack[:len(s.stack)-1], 0) + 1
	if open := s.stack[i : len(s.stack)-1]; qname != nil && !bytes.Equal(open, qname) {
		return syntaxErr("element <%s> closed by </%s>", open, qname)
	}
	s.stack = s.stack[:i]
	return nil
}

// unexpectedEOF turns io.EOF inside an element into a syntax error.
func unexpectedEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return syntaxErr("unexpected EOF")
	}
	return err
}
