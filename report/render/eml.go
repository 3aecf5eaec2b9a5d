package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/arreport/arreport/report/parallel"
	"github.com/arreport/arreport/templates"
)

// Envelope is who the e-mail is from and to, and the company its subject
// names (all optional).
type Envelope struct {
	From    string
	To      []string
	Company string
}

// DefaultFrom is the sender of report.eml when none is set.
const DefaultFrom = "arreport <arreport@localhost>"

// mailShown bounds the rows of the worklist and of the clients at risk in
// the e-mail's body: the top of each; the attachments have the rest.
const mailShown = 10

// maxAttachedWorkbook is the largest report.xlsx the e-mail attaches:
// mail servers refuse messages over 20-25 MB, and a workbook of hundreds
// of thousands of debtors is tens of MB.
const maxAttachedWorkbook = 10 << 20

// mailChartIDs are the charts the e-mail shows, as PNG parts.
var mailChartIDs = []string{"dso_trend", "aging", "forecast"}

// mailView is the e-mail as its templates see it: plain text (html/template
// escapes it in the HTML body).
type mailView struct {
	Lang, Title, AsOfLine string
	KeyFigures            Table
	Narrative             []string
	Charts                []mailChart
	Worklist              Table
	WorklistMore          string
	WorklistNone          string
	Risk                  Table
	RiskMore              string
	Attached              string
}

// mailChart is a chart of the e-mail: a PNG part named by its Content-ID.
type mailChart struct {
	CID, Title, Alt string
	png             []byte
}

// email renders report.eml: the report as a MIME message (RFC 5322) with
// a body that survives mail clients and the report attached:
//
//	multipart/mixed
//	  multipart/related
//	    multipart/alternative: text/plain, text/html
//	    image/png charts, inline, by Content-ID
//	  report.html, and report.xlsx when given
//
// It is built with the standard library's MIME writers rather than a mail
// library's, so that its boundaries, date and Message-ID come from the
// content: the same report gives the same bytes.
func email(rep *Report, src templates.Source, reportHTML, workbook []byte, env Envelope, charts []mailChart) ([]byte, error) {
	apart := len(workbook) > maxAttachedWorkbook
	if apart {
		workbook = nil // the body says where it is
	}
	b := plainBuilder(rep)
	v := buildMailView(b, workbook != nil, apart)
	v.Charts = charts
	funcs := map[string]any{"t": rep.Meta.Lang.T}
	htmlSrc, err := src.Load("email.html.tmpl")
	if err != nil {
		return nil, err
	}
	ht, err := htmltemplate.New("email.html.tmpl").Funcs(funcs).Parse(htmlSrc)
	if err != nil {
		return nil, fmt.Errorf("template email.html.tmpl: %w", err)
	}
	body, err := executeLimited("email.html.tmpl", func(w io.Writer) error { return ht.Execute(w, v) })
	if err != nil {
		return nil, err
	}
	textSrc, err := src.Load("email.txt.tmpl")
	if err != nil {
		return nil, err
	}
	tt, err := template.New("email.txt.tmpl").Funcs(funcs).Parse(textSrc)
	if err != nil {
		return nil, fmt.Errorf("template email.txt.tmpl: %w", err)
	}
	text, err := executeLimited("email.txt.tmpl", func(w io.Writer) error { return tt.Execute(w, v) })
	if err != nil {
		return nil, err
	}
	return mimeMessage(rep, env, subject(b, env), body, text, v.Charts, reportHTML, workbook)
}

// subject is the e-mail's subject: the company, the as-of date and the
// headline figures.
func subject(b *viewBuilder, env Envelope) string {
	rep, l := b.rep, b.lang
	now := rep.Now()
	dso := b.loc.NA
	if now.DSO != nil {
		dso = l.T("mail_days", "Days", b.loc.Days(now.DSO))
	}
	args := []any{"Date", b.date(rep.Params.AsOf), "AR", b.money(now.AR), "Overdue", b.loc.Percent(now.OverdueShare), "DSO", dso}
	if env.Company != "" {
		return l.T("mail_subject_company", append(args, "Company", oneLine(env.Company))...)
	}
	return l.T("mail_subject", args...)
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// mailCharts are the charts the e-mail shows, as PNG images (mail
// programs show no SVG); they are drawn while the workbook is made.
func mailCharts(rep *Report) ([]mailChart, error) {
	b := plainBuilder(rep)
	var specs []chartSpec
	var charts []mailChart
	for _, c := range b.reportCharts() {
		if slices.Contains(mailChartIDs, c.ID) {
			specs = append(specs, c)
			charts = append(charts, mailChart{CID: c.ID + "@arreport", Title: c.Title, Alt: b.lang.T("mail_chart_alt", "Title", c.Title)})
		}
	}
	// Drawn side by side: encoding the three PNGs one after another was
	// the longest step of rendering a small report (1,000 invoices: 40 of
	// 65 ms).
	errs := make([]error, len(specs))
	parallel.Each(len(specs), len(specs), func(i int) {
		charts[i].png, errs[i] = staticPNG(specs[i])
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return charts, nil
}

func buildMailView(b *viewBuilder, withWorkbook, workbookApart bool) *mailView {
	rep, l := b.rep, b.lang
	v := &mailView{Lang: l.Tag, Title: l.T("title", "Date", b.date(rep.Params.AsOf))}
	v.AsOfLine = plainLine(l.T("as_of_line", "Date", b.date(rep.Params.AsOf), "Rule", AsOfRule(rep.Meta, l, b.date)))
	if rep.Currency != "" {
		v.AsOfLine += " " + l.T("amounts_in", "Currency", rep.Currency)
	}
	v.KeyFigures = b.keyFigures()
	for _, p := range b.narrative() {
		v.Narrative = append(v.Narrative, plainLine(p))
	}
	v.Worklist = Table{Header: []string{l.T("col_client"), l.T("col_overdue"), l.T("col_next_step")}}
	for _, w := range rep.Worklist[:min(len(rep.Worklist), mailShown)] {
		v.Worklist.Rows = append(v.Worklist.Rows, []string{b.clientName(w.Client.Client.ID, w.Client.Client.Name), b.money(w.Client.Overdue), b.stepText(w)})
	}
	if more := len(rep.Worklist) - mailShown; more > 0 {
		v.WorklistMore = l.T("mail_more_worklist", "Count", more)
	}
	v.WorklistNone = l.T("no_worklist")
	v.Risk = Table{Header: []string{l.T("col_client"), l.T("col_risk"), l.T("col_overdue"), l.T("col_flag_names")}}
	shown := 0
	for _, c := range rep.Clients {
		if len(c.Flags) == 0 {
			continue
		}
		if shown == mailShown {
			break
		}
		shown++
		names := make([]string, len(c.Flags))
		for i, f := range c.Flags {
			names[i] = flagName(l, f.ID)
		}
		v.Risk.Rows = append(v.Risk.Rows, []string{b.clientName(c.Client.ID, c.Client.Name), fmt.Sprintf("%s (%d)", tierName(l, c.Tier), c.Score),
			b.money(c.Overdue), strings.Join(names, ", ")})
	}
	if more := rep.FlaggedCount - shown; more > 0 {
		v.RiskMore = l.T("mail_more_risk", "Count", more)
	}
	switch {
	case withWorkbook:
		v.Attached = l.T("mail_attached")
	case workbookApart:
		v.Attached = l.T("mail_attached_workbook_apart")
	default:
		v.Attached = l.T("mail_attached_html")
	}
	return v
}

// plainLine is a sentence of the report's Markdown as plain text.
func plainLine(md string) string {
	var parts []string
	for _, blk := range textBlocks([]byte(md)) {
		parts = append(parts, strings.Join(blk.Cells, " "))
	}
	return strings.Join(parts, " ")
}

// mimeMessage assembles the message. Boundaries and the Message-ID are
// derived from a hash of the content, the date from the day of the run.
func mimeMessage(rep *Report, env Envelope, subj string, body, text []byte, charts []mailChart, reportHTML, workbook []byte) ([]byte, error) {
	h := sha256.New()
	for _, part := range [][]byte{[]byte(subj), body, text, reportHTML, workbook} {
		h.Write(part)
	}
	for _, c := range charts {
		h.Write(c.png)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	boundary := func(kind string) string { return "arreport-" + kind + "-" + sum[:24] }

	var buf bytes.Buffer
	from := env.From
	if from == "" {
		from = DefaultFrom
	}
	header := [][2]string{{"From", from}}
	if len(env.To) > 0 {
		header = append(header, [2]string{"To", strings.Join(env.To, ", ")})
	}
	header = append(header,
		[2]string{"Subject", mime.QEncoding.Encode("utf-8", subj)},
		[2]string{"Date", rep.Meta.Today.Time().Add(8 * time.Hour).Format(time.RFC1123Z)},
		[2]string{"Message-ID", "<" + sum[:32] + "@arreport.localhost>"},
		[2]string{"MIME-Version", "1.0"},
		[2]string{"Content-Type", `multipart/mixed; boundary="` + boundary("mixed") + `"`},
	)
	for _, kv := range header {
		fmt.Fprintf(&buf, "%s: %s\r\n", kv[0], kv[1])
	}
	buf.WriteString("\r\n")

	mixed := multipart.NewWriter(&buf)
	if err := mixed.SetBoundary(boundary("mixed")); err != nil {
		return nil, err
	}
	relatedPart, err := mixed.CreatePart(textproto.MIMEHeader{"Content-Type": {`multipart/related; boundary="` + boundary("related") + `"; type="multipart/alternative"`}})
	if err != nil {
		return nil, err
	}
	related := multipart.NewWriter(relatedPart)
	if err := related.SetBoundary(boundary("related")); err != nil {
		return nil, err
	}
	altPart, err := related.CreatePart(textproto.MIMEHeader{"Content-Type": {`multipart/alternative; boundary="` + boundary("alt") + `"`}})
	if err != nil {
		return nil, err
	}
	alt := multipart.NewWriter(altPart)
	if err := alt.SetBoundary(boundary("alt")); err != nil {
		return nil, err
	}
	for _, p := range []struct {
		typ  string
		data []byte
	}{{"text/plain; charset=utf-8", text}, {"text/html; charset=utf-8", body}} {
		w, err := alt.CreatePart(textproto.MIMEHeader{"Content-Type": {p.typ}, "Content-Transfer-Encoding": {"quoted-printable"}})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write(p.data); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := alt.Close(); err != nil {
		return nil, err
	}
	for _, c := range charts {
		name := strings.TrimSuffix(c.CID, "@arreport") + ".png"
		if err := base64Part(related, textproto.MIMEHeader{
			"Content-Type":        {`image/png; name="` + name + `"`},
			"Content-Disposition": {`inline; filename="` + name + `"`},
			"Content-ID":          {"<" + c.CID + ">"},
		}, c.png); err != nil {
			return nil, err
		}
	}
	if err := related.Close(); err != nil {
		return nil, err
	}
	type attachment struct {
		name, typ string
		data      []byte
	}
	attachments := []attachment{{"report.html", "text/html; charset=utf-8", reportHTML}}
	if workbook != nil {
		attachments = append(attachments, attachment{"report.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook})
	}
	for _, a := range attachments {
		if err := base64Part(mixed, textproto.MIMEHeader{
			"Content-Type":        {a.typ + `; name="` + a.name + `"`},
			"Content-Disposition": {`attachment; filename="` + a.name + `"`},
		}, a.data); err != nil {
			return nil, err
		}
	}
	if err := mixed.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// base64Part writes a part in base64, in lines of 76 characters.
func base64Part(w *multipart.Writer, header textproto.MIMEHeader, data []byte) error {
	header.Set("Content-Transfer-Encoding", "base64")
	part, err := w.CreatePart(header)
	if err != nil {
		return err
	}
	_, err = part.Write(base64Lines(data))
	return err
}

// base64Lines encodes data in base64 lines of 76 characters (57 bytes of
// data each), every line ended by CRLF, in one buffer: a line at a time
// through the part cost a string and a write for each of the 60,000
// lines of a million invoices' attachments.
func base64Lines(data []byte) []byte {
	const perLine = 57
	lines := max(1, (len(data)+perLine-1)/perLine)
	out := make([]byte, 0, lines*(76+2))
	for i := 0; i < len(data); i += perLine {
		out = append(base64.StdEncoding.AppendEncode(out, data[i:min(i+perLine, len(data))]), "\r\n"...)
	}
	if len(data) == 0 {
		out = append(out, "\r\n"...)
	}
	return out
}
