package input

import (
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
//
// It scans a window of the input in place: tags are found with
// bytes.IndexByte and sliced, not read byte by byte, and nothing is
// allocated per token.
type xmlScanner struct {
	r     io.Reader
	win   []byte // input read and not yet consumed is win[pos:end]
	pos   int
	end   int
	eof   bool
	kind  tokenKind
	name  []byte // local name of the tag
	tag   []byte // the inside of the current start tag, which spans' names are in
	self  bool   // the start tag closes itself: <c r="A1"/>
	text  []byte // decoded text of a text token
	vals  []byte // decoded attribute values
	spans []attrSpan
	err   error
}

// attrSpan locates an attribute: its local name in tag, its value in
// vals. Offsets, not slices: a start tag's attributes are noted for every
// cell, and a slice would have the collector told of each.
type attrSpan struct {
	n0, n1, v0, v1 int
}

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokStart
	tokEnd
	tokText
)

const scanWindow = 1 << 20

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: r, win: make([]byte, scanWindow)}
}

// newBytesScanner scans input held whole in memory, in place: no window
// to fill, nothing copied. The scanner never writes to its window.
func newBytesScanner(data []byte) *xmlScanner {
	return &xmlScanner{win: data, end: len(data), eof: true}
}

var errXML = errors.New("malformed XML")

// fill reads more input, keeping the unconsumed bytes; it grows the window
// when a single token does not fit. It reports false at the end of input.
func (s *xmlScanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		n := copy(s.win, s.win[s.pos:s.end])
		s.pos, s.end = 0, n
	}
	if s.end == len(s.win) {
		s.win = append(s.win, make([]byte, len(s.win))...)
	}
	n, err := io.ReadAtLeast(s.r, s.win[s.end:], 1)
	s.end += n
	if err != nil {
		s.eof = true
		if err != io.EOF && err != io.ErrUnexpectedEOF {
			s.err = err
		}
	}
	return n > 0
}

// until returns the index in win of the first b at or after pos+from,
// reading more input as needed; -1 when the input ends first.
func (s *xmlScanner) until(b byte, from int) int {
	for {
		if i := bytes.IndexByte(s.win[s.pos+from:s.end], b); i >= 0 {
			return s.pos + from + i
		}
		from = s.end - s.pos
		if !s.fill() {
			return -1
		}
	}
}

// next reads the next token; tokEOF at the end or on error (see err).
func (s *xmlScanner) next() tokenKind {
	s.kind = tokEOF
	for s.err == nil {
		if s.pos == s.end && !s.fill() {
			return tokEOF
		}
		if s.win[s.pos] != '<' {
			s.readText()
			return s.kind
		}
		gt := s.until('>', 0)
		if gt < 0 {
			s.err = errXML
			return tokEOF
		}
		tag := s.win[s.pos+1 : gt]
		switch {
		case len(tag) > 0 && tag[0] == '?':
			s.pos = gt + 1
			continue
		case len(tag) > 0 && tag[0] == '!':
			if s.bang() {
				return s.kind
			}
			continue
		case len(tag) > 0 && tag[0] == '/':
			s.name = localName(bytes.TrimSpace(tag[1:]))
			s.pos = gt + 1
			s.kind = tokEnd
			return s.kind
		}
		if !s.parseStart(tag) {
			// A '>' inside a quoted attribute value: look further.
			if !s.startWithQuotedGT() {
				s.err = errXML
				return tokEOF
			}
			return s.kind
		}
		s.pos = gt + 1
		return s.kind
	}
	return tokEOF
}

// startWithQuotedGT handles a start tag whose attribute values contain
// '>': it finds the closing '>' outside quotes.
func (s *xmlScanner) startWithQuotedGT() bool {
	quote := byte(0)
	for i := s.pos + 1; ; i++ {
		if i >= s.end {
			from := i - s.pos
			if !s.fill() {
				return false
			}
			i = s.pos + from
		}
		c := s.win[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			if !s.parseStart(s.win[s.pos+1 : i]) {
				return false
			}
			s.pos = i + 1
			return true
		}
	}
}

// bang handles <!-- comments -->, <![CDATA[ text ]]> and declarations. It
// reports whether it produced a token.
func (s *xmlScanner) bang() bool {
	for s.end-s.pos < 9 && s.fill() {
	}
	rest := s.win[s.pos:s.end]
	var term string
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		term = "-->"
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		term = "]]>"
	default:
		s.pos = s.until('>', 0) + 1
		if s.pos == 0 {
			s.err = errXML
		}
		return false
	}
	for {
		if i := bytes.Index(s.win[s.pos+2:s.end], []byte(term)); i >= 0 {
			body := s.win[s.pos : s.pos+2+i]
			s.pos += 2 + i + len(term)
			if term == "]]>" {
				s.text = normalizeNewlines(append(s.text[:0], body[len("<![CDATA["):]...))
				s.kind = tokText
				return true
			}
			return false
		}
		if !s.fill() {
			s.err = errXML
			return false
		}
	}
}

func localName(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// parseStart parses the inside of a start tag. It reports false when the
// tag is cut (a quote left open), so that the caller looks further.
func (s *xmlScanner) parseStart(tag []byte) bool {
	s.tag = tag
	s.vals = s.vals[:0]
	s.self = len(tag) > 0 && tag[len(tag)-1] == '/'
	if s.self {
		tag = tag[:len(tag)-1]
	}
	i := 0
	for i < len(tag) && !isSpace(tag[i]) {
		i++
	}
	s.name = localName(tag[:i])
	s.spans = s.spans[:0]
	for i < len(tag) {
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) {
			break
		}
		n0 := i
		for i < len(tag) && tag[i] != '=' && !isSpace(tag[i]) {
			i++
		}
		n1 := i
		name := localName(tag[n0:n1])
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] != '=' {
			// An attribute without a value is no XML (encoding/xml
			// stops there too): the part is damaged, rather than a
			// cell's value quietly dropped.
			s.err = errXML
			return true
		}
		i++
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || (tag[i] != '"' && tag[i] != '\'') {
			s.err = errXML // an unquoted value: no XML either
			return true
		}
		q := tag[i]
		j := bytes.IndexByte(tag[i+1:], q)
		if j < 0 {
			return false
		}
		raw := tag[i+1 : i+1+j]
		i += j + 2
		v0 := len(s.vals)
		if bytes.IndexByte(raw, '&') >= 0 || bytes.IndexByte(raw, '\r') >= 0 {
			s.vals = append(s.vals, unescapeXML(normalizeNewlines(append([]byte{}, raw...)))...)
		} else {
			s.vals = append(s.vals, raw...)
		}
		s.spans = append(s.spans, attrSpan{n1 - len(name), n1, v0, len(s.vals)})
	}
	s.kind = tokStart
	return true
}

func (s *xmlScanner) readText() {
	lt := s.until('<', 0)
	stop := lt
	if lt < 0 {
		stop = s.end
	}
	raw := s.win[s.pos:stop]
	s.text = unescapeXML(normalizeNewlines(append(s.text[:0], raw...)))
	s.pos = stop
	s.kind = tokText
}

// ahead returns the input from the current position to just past the next
// occurrence of pattern (reading more as needed), without consuming it;
// nil when the input ends first.
func (s *xmlScanner) ahead(pattern []byte) []byte {
	from := 0
	for {
		if i := bytes.Index(s.win[s.pos+from:s.end], pattern); i >= 0 {
			return s.win[s.pos : s.pos+from+i+len(pattern)]
		}
		from = max(0, s.end-s.pos-len(pattern)+1)
		if !s.fill() {
			return nil
		}
	}
}

// cellTag reads a cell's start tag of the plain shape nearly every cell
// has, <c r="B2" s="1" t="s"> or <c r="B2"/> (attributes r, s and t
// without a prefix, double-quoted, nothing to decode, none twice),
// straight from the window, and consumes it. ok is false for any other
// tag, or one not yet whole in the window: next then reads it.
func (s *xmlScanner) cellTag() (ref, typ []byte, self, ok bool) {
	w := s.win[s.pos:s.end]
	if len(w) < 3 || w[0] != '<' || w[1] != 'c' || !isSpace(w[2]) && w[2] != '>' && w[2] != '/' {
		return nil, nil, false, false
	}
	gt := bytes.IndexByte(w, '>')
	if gt < 0 {
		return nil, nil, false, false
	}
	tag := w[2:gt]
	if self = len(tag) > 0 && tag[len(tag)-1] == '/'; self {
		tag = tag[:len(tag)-1]
	}
	var seen [3]bool // r, s, t
	for {
		i := 0
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if tag = tag[i:]; len(tag) == 0 {
			break
		}
		if len(tag) < 4 || tag[1] != '=' || tag[2] != '"' {
			return nil, nil, false, false
		}
		end := bytes.IndexByte(tag[3:], '"')
		if end < 0 {
			return nil, nil, false, false
		}
		v := tag[3 : 3+end]
		for _, c := range v {
			if c == '&' || c == '<' || c == '\r' {
				return nil, nil, false, false
			}
		}
		k := bytes.IndexByte([]byte("rst"), tag[0])
		if k < 0 || seen[k] {
			return nil, nil, false, false
		}
		seen[k] = true
		switch tag[0] {
		case 'r':
			ref = v
		case 't':
			typ = v
		}
		if tag = tag[3+end+1:]; len(tag) > 0 && !isSpace(tag[0]) {
			return nil, nil, false, false
		}
	}
	s.pos += gt + 1
	return ref, typ, self, true
}

// rowEndTag consumes a plain </row>, reporting whether it was next.
func (s *xmlScanner) rowEndTag() bool {
	if bytes.HasPrefix(s.win[s.pos:s.end], []byte("</row>")) {
		s.pos += len("</row>")
		return true
	}
	return false
}

// skip consumes n bytes of input returned by ahead.
func (s *xmlScanner) skip(n int) { s.pos += n }

// attr returns the value of the named attribute of the current start tag.
func (s *xmlScanner) attr(name string) ([]byte, bool) {
	for _, sp := range s.spans {
		if string(s.tag[sp.n0:sp.n1]) == name {
			return s.vals[sp.v0:sp.v1], true
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
