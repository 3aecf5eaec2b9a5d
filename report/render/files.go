package render

import (
	"bytes"
	"cmp"
	"fmt"
	"runtime"
	"strings"

	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/parallel"
	"github.com/arreport/arreport/report/wording"
	"github.com/arreport/arreport/templates"
)

// Outputs are the outputs a run writes; Mail addresses report.eml.
type Outputs struct {
	HTML, Markdown, JSON, XLSX, EML bool
	Mail                            Envelope
}

// AllOutputs writes every output.
var AllOutputs = Outputs{HTML: true, Markdown: true, JSON: true, XLSX: true, EML: true}

// Files renders the outputs of a run, by path under the output folder:
// metrics.json, report.md with report_files/*.svg, report.html,
// report.xlsx and report.eml, those of outs.
func Files(res *metrics.Result, meta *Meta, src templates.Source, outs Outputs) (map[string]Content, error) {
	if meta.Lang == nil {
		lang, err := loadLang(src, cmp.Or(meta.LangTag, "en"))
		if err != nil {
			return nil, err
		}
		meta.Lang = lang
	}
	lang := meta.Lang
	// metrics.json is large for many clients; it renders beside the rest.
	// Its chunks and the static charts take a lane of the cores each as
	// they are written; the workbook, whose single deflate stream takes
	// longest, keeps one from the start (csv-10m: the outputs in 1.09 s
	// instead of 1.19-1.23, the workbook no longer last alone).
	lanes := parallel.NewLanes(runtime.GOMAXPROCS(0))
	var jsonOut Content
	var jsonErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		if outs.JSON {
			jsonOut, jsonErr = jsonContent(res, meta, lanes)
		}
	}()
	files, err := documents(res, meta, src, outs, lanes)
	<-done
	if jsonErr != nil {
		return nil, fmt.Errorf("metrics.json: %w", jsonErr)
	}
	if err != nil {
		return nil, err
	}
	if missing := lang.Missing(); len(missing) > 0 {
		return nil, &MissingWordsError{Catalog: wording.CatalogName(lang.Tag), IDs: missing}
	}
	out := make(map[string]Content, len(files)+1)
	for name, b := range files {
		out[name] = Content{b}
	}
	if outs.JSON {
		out["metrics.json"] = jsonOut
	}
	return out, nil
}

// Content is a file's bytes in pieces, written one after the other:
// metrics.json of many clients is hundreds of megabytes, encoded in
// chunks on every core, and joining them would copy it all once more.
type Content [][]byte

// Bytes returns the file's bytes in one slice.
func (c Content) Bytes() []byte {
	if len(c) == 1 {
		return c[0]
	}
	return bytes.Join(c, nil)
}

// documents renders report.md with its SVG charts, report.html,
// report.xlsx and report.eml, those of outs (report.html is made from
// report.md's template, so that one is always rendered, and report.eml
// attaches report.html). The workbook keeps one of lanes while it is
// made, each chart takes one while it is drawn.
func documents(res *metrics.Result, meta *Meta, src templates.Source, outs Outputs, lanes *parallel.Lanes) (map[string][]byte, error) {
	files := map[string][]byte{}
	var err error
	rep := NewReport(res, meta)
	mdView := buildView(rep, EscapeMarkdown)
	body, err := src.Load("report.md.tmpl")
	if err != nil {
		return nil, err
	}
	// The workbook (its debtors sheet is long for many clients) is made
	// beside the charts, report.md and report.html, from the first; the
	// e-mail attaches it.
	var book []byte
	bookErr := make(chan error, 1)
	go func() {
		if !outs.XLSX {
			bookErr <- nil
			return
		}
		var err error
		lanes.Run(func() {
			var methodology []byte
			methodology, err = executeBlock(body, "methodology", mdView, markdownFuncs(mdView, meta.Lang))
			if err == nil {
				book, err = workbook(rep, methodology)
			}
		})
		bookErr <- err
	}()
	// The e-mail's charts are drawn beside the rest too: the e-mail
	// itself waits for the workbook it attaches.
	var charts []mailChart
	chartsErr := make(chan error, 1)
	go func() {
		var err error
		if outs.EML {
			charts, err = mailCharts(rep)
		}
		chartsErr <- err
	}()
	// The static charts (two for each client at risk) are drawn on every
	// core beside report.md and the HTML's view; report.html embeds them.
	drawn := make([][]byte, len(mdView.Charts))
	drawErrs := make([]error, len(mdView.Charts))
	drawing := make(chan struct{})
	go func() {
		defer close(drawing)
		parallel.Each(len(mdView.Charts), runtime.GOMAXPROCS(0), func(i int) {
			lanes.Run(func() { drawn[i], drawErrs[i] = staticSVG(mdView.Charts[i]) })
		})
	}()
	md, mdErr := executeText(body, mdView, markdownFuncs(mdView, meta.Lang))
	var htmlView *View
	if outs.HTML || outs.EML {
		htmlView = buildView(rep, escapeIsolated)
	}
	<-drawing
	svgs := map[string][]byte{}
	for i, c := range mdView.Charts {
		if err = drawErrs[i]; err != nil {
			break
		}
		svgs[c.ID] = drawn[i]
		files["report_files/"+c.ID+".svg"] = drawn[i]
	}
	if err == nil {
		files["report.md"], err = md, mdErr
	}
	if err == nil && htmlView != nil {
		files["report.html"], err = reportHTML(rep, src, body, htmlView, svgs)
	}
	if bErr := <-bookErr; err == nil {
		err = bErr
	}
	if cErr := <-chartsErr; err == nil {
		err = cErr
	}
	if err != nil {
		return nil, err
	}
	if outs.XLSX {
		files["report.xlsx"] = book
	}
	if outs.EML {
		if files["report.eml"], err = email(rep, src, files["report.html"], files["report.xlsx"], outs.Mail, charts); err != nil {
			return nil, err
		}
	}
	if !outs.HTML {
		delete(files, "report.html")
	}
	if !outs.Markdown {
		for name := range files {
			if name == "report.md" || strings.HasPrefix(name, "report_files/") {
				delete(files, name)
			}
		}
	}
	return files, nil
}

// MissingWordsError is a catalog (a user's edited copy, most likely)
// that lacks messages the report needs.
type MissingWordsError struct {
	Catalog string
	IDs     []string
}

func (e *MissingWordsError) Error() string {
	return fmt.Sprintf("%s lacks the messages %s; add them (the built-in catalog has them all)", e.Catalog, strings.Join(e.IDs, ", "))
}
