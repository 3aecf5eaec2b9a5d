package render

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// componentFence is the info string of a fenced block that stands for a
// component of the HTML report: ```arreport\nNAME\n```. The Markdown
// template emits such blocks where report.md has charts and tables.
const componentFence = "arreport"

// componentNode replaces a component fence in the document.
type componentNode struct {
	ast.BaseBlock
	name string
}

var kindComponent = ast.NewNodeKind("ArreportComponent")

func (n *componentNode) Kind() ast.NodeKind { return kindComponent }

func (n *componentNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.name}, nil)
}

// componentTransformer swaps component fences for component nodes.
type componentTransformer struct{}

func (componentTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var fences []*ast.FencedCodeBlock
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering && string(f.Language(source)) == componentFence {
			fences = append(fences, f)
		}
		return ast.WalkContinue, nil
	})
	for _, f := range fences {
		var name bytes.Buffer
		lines := f.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			name.Write(seg.Value(source))
		}
		f.Parent().ReplaceChild(f.Parent(), f, &componentNode{name: strings.TrimSpace(name.String())})
	}
}

// componentRenderer writes each component's HTML, made beforehand by
// html/template (and so escaped there); an unknown name writes nothing.
type componentRenderer struct {
	html map[string][]byte
}

func (r componentRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindComponent, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			w.Write(r.html[n.(*componentNode).name])
		}
		return ast.WalkSkipChildren, nil
	})
}

// markdownToHTML renders the report body with goldmark in its default
// safe mode (raw HTML dropped, dangerous links blanked), GitHub tables,
// explicit heading ids ({#id}) and the report's components.
func markdownToHTML(src []byte, components map[string][]byte) ([]byte, error) {
	md := goldmark.New(
		goldmark.WithExtensions(extension.Table),
		goldmark.WithParserOptions(
			parser.WithAttribute(),
			parser.WithASTTransformers(util.Prioritized(componentTransformer{}, 100)),
		),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(componentRenderer{components}, 100))),
	)
	var out bytes.Buffer
	if err := md.Convert(src, &out); err != nil {
		return nil, err
	}
	return []byte(htmlFixups.Replace(out.String())), nil
}
