package input

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner is a small pull tokenizer for the regular XML of worksheet
// and shared-strings parts: start and end tags with their attributes, and
// text, decoded as encoding/xml decodes it (the five entities, character
// references, CR LF to LF, CDATA). It knows nothing of DTDs and drops
// namespace prefixes. It exists because encoding/xml spends most of a
// large sheet's read time allocating tokens; a differential test holds the
// rows it gives to excelize's.
type xmlScanner struct {
	r     *bufio.Reader
	kind  tokenKind
	name  []byte // local name of the tag
	attrs []xmlAttr
	self  bool   // the start tag closes itself: <c r="A1"/>
	text  []byte // decoded text of a text token
	buf   []byte // scratch for names and attribute values
	err   error
}

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokStart
	tokEnd
	tokText
)

type xmlAttr struct {
	name, value []byte // local name; decoded value (slices of scanner scratch)
}

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: bufio.NewReaderSize(r, 1<<20)}
}

var errXML = errors.New("malformed XML")

// next reads the next token; tokEOF at the end or on error (see err).
func (s *xmlScanner) next() tokenKind {
	s.kind = tokEOF
	if s.err != nil {
		return tokEOF
	}
	b, err := s.r.ReadByte()
	if err != nil {
		if err != io.EOF {
			s.err = err
		}
		return tokEOF
	}
	if b != '<' {
		s.r.UnreadByte()
		s.readText()
		return s.kind
	}
	b, err = s.r.ReadByte()
	if err != nil {
		s.err = errXML
		return tokEOF
	}
	switch b {
	case '?':
		s.skipPast("?>")
		return s.next()
	case '!':
		return s.bang()
	case '/':
		s.readName()
		s.skipPast(">")
		s.kind = tokEnd
		return s.kind
	}
	s.r.UnreadByte()
	s.readStart()
	return s.kind
}

// bang handles <!-- comments -->, <![CDATA[ text ]]> and declarations.
func (s *xmlScanner) bang() tokenKind {
	head, _ := s.r.Peek(7)
	switch {
	case bytes.HasPrefix(head, []byte("--")):
		s.r.Discard(2)
		s.skipPast("-->")
		return s.next()
	case bytes.HasPrefix(head, []byte("[CDATA[")):
		s.r.Discard(7)
		s.text = s.text[:0]
		for s.err == nil {
			b, err := s.r.ReadByte()
			if err != nil {
				s.err = errXML
				return tokEOF
			}
			s.text = append(s.text, b)
			if bytes.HasSuffix(s.text, []byte("]]>")) {
				s.text = normalizeNewlines(s.text[:len(s.text)-3])
				s.kind = tokText
				return s.kind
			}
		}
		return tokEOF
	}
	s.skipPast(">")
	return s.next()
}

func (s *xmlScanner) skipPast(end string) {
	matched := 0
	for matched < len(end) {
		b, err := s.r.ReadByte()
		if err != nil {
			s.err = errXML
			return
		}
		switch {
		case b == end[matched]:
			matched++
		case b == end[0]:
			matched = 1
		default:
			matched = 0
		}
	}
}

func isNameByte(b byte) bool {
	return b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '>' && b != '/' && b != '=' && b != '"' && b != '\''
}

// readName reads a tag name and keeps its local part in s.name.
func (s *xmlScanner) readName() {
	s.name = s.name[:0]
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			s.err = errXML
			return
		}
		if !isNameByte(b) {
			s.r.UnreadByte()
			break
		}
		if b == ':' {
			s.name = s.name[:0] // drop the prefix
			continue
		}
		s.name = append(s.name, b)
	}
}

func (s *xmlScanner) readStart() {
	s.readName()
	s.attrs = s.attrs[:0]
	s.buf = s.buf[:0]
	s.self = false
	type span struct{ n0, n1, v0, v1 int }
	var spans []span
	for s.err == nil {
		b, err := s.r.ReadByte()
		if err != nil {
			s.err = errXML
			return
		}
		switch {
		case b == '>':
			for _, sp := range spans {
				s.attrs = append(s.attrs, xmlAttr{s.buf[sp.n0:sp.n1], s.buf[sp.v0:sp.v1]})
			}
			s.kind = tokStart
			return
		case b == '/':
			s.self = true
		case b == ' ' || b == '\t' || b == '\n' || b == '\r':
		default:
			// An attribute: name = "value".
			n0 := len(s.buf)
			s.buf = append(s.buf, b)
			for {
				c, err := s.r.ReadByte()
				if err != nil {
					s.err = errXML
					return
				}
				if c == '=' || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
					if c != '=' {
						s.skipSpaceTo('=')
					}
					break
				}
				if c == ':' {
					s.buf = s.buf[:n0]
					continue
				}
				s.buf = append(s.buf, c)
			}
			n1 := len(s.buf)
			q := s.skipSpace()
			if q != '"' && q != '\'' {
				s.err = errXML
				return
			}
			v0 := len(s.buf)
			for {
				c, err := s.r.ReadByte()
				if err != nil {
					s.err = errXML
					return
				}
				if c == q {
					break
				}
				s.buf = append(s.buf, c)
			}
			if v := s.buf[v0:]; bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '\r') >= 0 {
				decoded := unescapeXML(normalizeNewlines(append([]byte{}, v...)))
				s.buf = append(s.buf[:v0], decoded...)
			}
			spans = append(spans, span{n0, n1, v0, len(s.buf)})
		}
	}
}

func (s *xmlScanner) skipSpace() byte {
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			s.err = errXML
			return 0
		}
		if b != ' ' && b != '\t' && b != '\n' && b != '\r' {
			return b
		}
	}
}

func (s *xmlScanner) skipSpaceTo(want byte) {
	if b := s.skipSpace(); b != want {
		s.err = errXML
	}
}

func (s *xmlScanner) readText() {
	raw, err := s.r.ReadSlice('<')
	for errors.Is(err, bufio.ErrBufferFull) {
		// A long text: gather it beyond the buffer.
		more := append([]byte{}, raw...)
		raw, err = s.r.ReadSlice('<')
		raw = append(more, raw...)
	}
	if err == nil {
		raw = raw[:len(raw)-1]
		s.r.UnreadByte()
	} else if err != io.EOF {
		s.err = err
	}
	s.text = unescapeXML(normalizeNewlines(append(s.text[:0], raw...)))
	s.kind = tokText
}

// attr returns the value of the named attribute of the current start tag.
func (s *xmlScanner) attr(name string) ([]byte, bool) {
	for _, a := range s.attrs {
		if string(a.name) == name {
			return a.value, true
		}
	}
	return nil, false
}

// normalizeNewlines turns CR LF and lone CR into LF, as XML parsers must.
func normalizeNewlines(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	out := b[:0]
	for i := 0; i < len(b); i++ {
		if b[i] == '\r' {
			if i+1 < len(b) && b[i+1] == '\n' {
				continue
			}
			out = append(out, '\n')
			continue
		}
		out = append(out, b[i])
	}
	return out
}

// unescapeXML decodes the predefined entities and character references; an
// unknown or broken reference is kept as it stands.
func unescapeXML(b []byte) []byte {
	if bytes.IndexByte(b, '&') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '&' {
			out = append(out, b[i])
			continue
		}
		end := bytes.IndexByte(b[i:], ';')
		if end < 0 {
			out = append(out, b[i:]...)
			break
		}
		ent := string(b[i+1 : i+end])
		var r rune = -1
		switch ent {
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
			if len(ent) > 1 && ent[0] == '#' {
				var n uint64
				var err error
				if ent[1] == 'x' {
					n, err = strconv.ParseUint(ent[2:], 16, 32)
				} else {
					n, err = strconv.ParseUint(ent[1:], 10, 32)
				}
				if err == nil && utf8.ValidRune(rune(n)) {
					r = rune(n)
				}
			}
		}
		if r < 0 {
			out = append(out, '&')
			continue
		}
		out = utf8.AppendRune(out, r)
		i += end
	}
	return out
}
