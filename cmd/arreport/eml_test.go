package main

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// mimePart is a leaf of a MIME message, decoded.
type mimePart struct {
	path      string // the content types from the top, "multipart/mixed/…/text/html"
	header    map[string]string
	mediaType string
	body      []byte
}

// readEML parses a message (walkParts, as sending reads report.eml) and
// returns its header and its leaves in order, each with its path.
func readEML(t *testing.T, raw []byte) (*mail.Message, []mimePart) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("report.eml is no message: %v", err)
	}
	var parts []mimePart
	err = walkParts(textproto.MIMEHeader(msg.Header), msg.Body, "", func(path string, h textproto.MIMEHeader, mediaType string, data []byte) error {
		header := map[string]string{}
		for k := range h {
			header[k] = h.Get(k)
		}
		parts = append(parts, mimePart{path: path, header: header, mediaType: mediaType, body: data})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return msg, parts
}

// TestEmail checks report.eml of the samples: headers, the MIME tree, a
// body that survives mail clients and stays under Gmail's clipping size,
// charts that resolve by Content-ID, and attachments equal to the files.
func TestEmail(t *testing.T) {
	out := t.TempDir()
	args := []string{"--out", out, "-q", "--mail-from", "Finance <finance@example.com>"}
	if err := run(args, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(out, "report.eml"))
	if err != nil {
		t.Fatal(err)
	}
	msg, parts := readEML(t, raw)
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != "AR report 31 Oct 2026: receivables €598,714.02, 24.6% overdue, DSO 40.0 days" {
		t.Errorf("subject %q (%v)", subject, err)
	}
	if from := msg.Header.Get("From"); from != "Finance <finance@example.com>" {
		t.Errorf("From %q", from)
	}
	if _, err := msg.Header.Date(); err != nil || msg.Header.Get("Message-ID") == "" {
		t.Errorf("Date %q, Message-ID %q", msg.Header.Get("Date"), msg.Header.Get("Message-ID"))
	}
	var paths []string
	byCID := map[string]mimePart{}
	var body, text []byte
	for _, p := range parts {
		paths = append(paths, p.path)
		if cid := strings.Trim(p.header["Content-Id"], "<>"); cid != "" {
			byCID[cid] = p
		}
		switch p.path {
		case "/multipart/mixed/multipart/related/multipart/alternative/text/html":
			body = p.body
		case "/multipart/mixed/multipart/related/multipart/alternative/text/plain":
			text = p.body
		}
	}
	want := []string{
		"/multipart/mixed/multipart/related/multipart/alternative/text/plain",
		"/multipart/mixed/multipart/related/multipart/alternative/text/html",
		"/multipart/mixed/multipart/related/image/png", "/multipart/mixed/multipart/related/image/png", "/multipart/mixed/multipart/related/image/png",
		"/multipart/mixed/text/html",
		"/multipart/mixed/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	}
	if strings.Join(paths, "\n") != strings.Join(want, "\n") {
		t.Fatalf("MIME tree:\n%s\nwant:\n%s", strings.Join(paths, "\n"), strings.Join(want, "\n"))
	}
	if len(body) > 100<<10 {
		t.Errorf("the HTML body is %d bytes; want under 100 KB (Gmail clips longer ones)", len(body))
	}
	for _, bad := range []string{"<script", "<svg", "data:", "<style", "<link"} {
		if bytes.Contains(bytes.ToLower(body), []byte(bad)) {
			t.Errorf("the HTML body holds %q, which mail clients drop", bad)
		}
	}
	cids := regexp.MustCompile(`<img src="cid:([^"]+)"[^>]* alt="([^"]+)"`).FindAllSubmatch(body, -1)
	if len(cids) != 3 {
		t.Errorf("%d charts with alt text in the body; want 3", len(cids))
	}
	for _, c := range cids {
		p, ok := byCID[string(c[1])]
		if !ok || !bytes.HasPrefix(p.body, []byte("\x89PNG")) {
			t.Errorf("cid:%s does not resolve to a PNG part", c[1])
		}
	}
	for _, want := range []string{"Key figures", "What changed", "Collection worklist", "Clients at risk", "Jansen &amp; Zn. Transport (C0003)", "€598,714.02"} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("the HTML body lacks %q", want)
		}
	}
	for _, want := range []string{"Key figures", "Jansen & Zn. Transport (C0003): €40,295.99", "report.xlsx"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("the plain text lacks %q", want)
		}
	}
	for _, p := range parts {
		if name := p.header["Content-Disposition"]; strings.HasPrefix(name, "attachment") {
			_, params, _ := mime.ParseMediaType(name)
			file, _ := os.ReadFile(filepath.Join(out, params["filename"]))
			if len(file) == 0 || !bytes.Equal(file, p.body) {
				t.Errorf("attachment %s differs from the file written", params["filename"])
			}
		}
	}
}

// TestEmailDutch: the subject and body in Dutch; without report.xlsx in
// --outputs, only report.html is attached.
func TestEmailDutch(t *testing.T) {
	out := t.TempDir()
	if err := run([]string{"--out", out, "-q", "--lang", "nl", "--outputs", "eml"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("--outputs eml wrote %d entries; want report.eml alone", len(entries))
	}
	raw, _ := os.ReadFile(filepath.Join(out, "report.eml"))
	msg, parts := readEML(t, raw)
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if subject != "Debiteurenrapportage 31 okt 2026: debiteuren € 598.714,02, 24,6% vervallen, DSO 40,0 dagen" {
		t.Errorf("subject %q", subject)
	}
	attached := 0
	for _, p := range parts {
		if strings.HasPrefix(p.header["Content-Disposition"], "attachment") {
			attached++
		}
		if strings.HasSuffix(p.path, "text/html") && strings.Contains(p.path, "alternative") && !bytes.Contains(p.body, []byte("Kerncijfers")) {
			t.Error("the Dutch body lacks Kerncijfers")
		}
	}
	if attached != 1 {
		t.Errorf("%d attachments; want report.html alone", attached)
	}
}

// TestEmailInBrowser renders the HTML body, its charts resolved by
// Content-ID, with scripts off at 600 and 390 pixels: nothing wider than
// the window, every chart loaded.
func TestEmailInBrowser(t *testing.T) {
	out := t.TempDir()
	if err := run([]string{"--out", out, "-q", "--outputs", "eml"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(filepath.Join(out, "report.eml"))
	_, parts := readEML(t, raw)
	var body []byte
	for _, p := range parts {
		if cid := strings.Trim(p.header["Content-Id"], "<>"); cid != "" {
			name := strings.ReplaceAll(cid, "@", "_") + ".png"
			if err := os.WriteFile(filepath.Join(out, name), p.body, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if strings.HasSuffix(p.path, "alternative/text/html") {
			body = p.body
		}
	}
	// As a mail client does: each cid: reference shows its part.
	for _, p := range parts {
		if cid := strings.Trim(p.header["Content-Id"], "<>"); cid != "" {
			body = bytes.ReplaceAll(body, []byte("cid:"+cid), []byte(strings.ReplaceAll(cid, "@", "_")+".png"))
		}
	}
	page := filepath.Join(out, "email.html")
	if err := os.WriteFile(page, body, 0o644); err != nil {
		t.Fatal(err)
	}
	browse(t, page, false, func(ctx context.Context, _ *pageRun) {
		for _, width := range []int64{600, 390} {
			if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(200 * time.Millisecond)
			w := eval[[]int](t, ctx, `[document.documentElement.scrollWidth, window.innerWidth]`)
			if w[0] > w[1] {
				t.Errorf("%d px: the e-mail is %d px wide", width, w[0])
			}
			imgs := eval[[]int](t, ctx, `Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)`)
			if len(imgs) != 3 {
				t.Errorf("%d images; want the 3 charts", len(imgs))
			}
			for i, n := range imgs {
				if n == 0 {
					t.Errorf("%d px: chart %d did not load", width, i+1)
				}
			}
			screenshot(t, ctx, fmt.Sprintf("email-%d.png", width))
		}
	})
}
