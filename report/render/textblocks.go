package render

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// textBlock is a block of a Markdown section as plain text, for outputs
// that are not Markdown (the workbook, the plain-text e-mail): a heading
// or a paragraph is one cell, a table row one cell per column.
type textBlock struct {
	Heading bool
	Cells   []string
}

// textBlocks reads Markdown made by the report's templates into plain
// text blocks: goldmark parses it (escapes, emphasis and links resolve
// the way they do in report.html) and only the text is kept.
func textBlocks(md []byte) []textBlock {
	doc := goldmark.New(goldmark.WithExtensions(extension.Table)).Parser().Parse(text.NewReader(md))
	var blocks []textBlock
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			blocks = append(blocks, textBlock{Heading: true, Cells: []string{plainText(n, md)}})
		case *east.Table:
			for row := n.FirstChild(); row != nil; row = row.NextSibling() {
				var cells []string
				for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
					cells = append(cells, plainText(cell, md))
				}
				blocks = append(blocks, textBlock{Heading: row.Kind() == east.KindTableHeader, Cells: cells})
			}
		case *ast.List:
			for item := n.FirstChild(); item != nil; item = item.NextSibling() {
				blocks = append(blocks, textBlock{Cells: []string{"• " + plainText(item, md)}})
			}
		default:
			if s := plainText(n, md); s != "" {
				blocks = append(blocks, textBlock{Cells: []string{s}})
			}
		}
	}
	return blocks
}

// plainText is the text under a node: its text segments, escapes
// resolved, soft line breaks as spaces, HTML left out.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if c.Kind() == ast.KindParagraph && c.NextSibling() != nil {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(c.Value(src)))))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if s, ok := t.(*ast.Text); ok {
					b.Write(s.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
