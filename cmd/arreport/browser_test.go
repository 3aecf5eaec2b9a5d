package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/arreport/arreport/report/render"
)

// chromium finds Debian's Chromium.
func chromium(t *testing.T) string {
	return lookTool(t, "apt-get install chromium", "chromium", "chromium-browser", "google-chrome")
}

// lookTool finds a program a test needs, by any of its names or paths.
// Under CI a missing one fails the test instead of skipping it, so that CI
// cannot pass without it; .ci/run installs it (how: install, e.g. a
// Debian package).
func lookTool(t *testing.T, install string, names ...string) string {
	t.Helper()
	for _, name := range names {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("no %s; .ci/run installs it (%s)", names[0], install)
	}
	t.Skipf("no %s (%s)", names[0], install)
	return ""
}

// artifactDir is where screenshots go: $ARREPORT_ARTIFACTS, else
// out/test-artifacts at the top of the repository.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("ARREPORT_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "out", "test-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// pageRun is what the browser saw while a page was open.
type pageRun struct {
	mu         sync.Mutex
	exceptions []string
	requests   []string
	dialogs    []string
}

// browse opens a file in headless Chromium with the network off (every
// request goes to a closed proxy), runs check, and fails the test on any
// exception, request leaving the file, or dialog. scripts=false disables
// JavaScript.
func browse(t *testing.T, file string, scripts bool, check func(ctx context.Context, run *pageRun)) {
	t.Helper()
	run := record(t, file, scripts, check)
	for _, url := range run.requests {
		if !strings.HasPrefix(url, "file://") && !strings.HasPrefix(url, "data:") {
			t.Errorf("request left the file: %s", url)
		}
	}
	if len(run.exceptions) > 0 {
		t.Errorf("JavaScript errors: %v", run.exceptions)
	}
	if len(run.dialogs) > 0 {
		t.Errorf("dialogs opened (script injected?): %v", run.dialogs)
	}
}

// record opens the file and returns what the browser saw.
func record(t *testing.T, file string, scripts bool, check func(ctx context.Context, run *pageRun)) *pageRun {
	bin := chromium(t)
	home := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.UserDataDir(filepath.Join(home, "profile")),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("proxy-server", "127.0.0.1:9"), chromedp.Flag("proxy-bypass-list", "<-loopback>"),
		chromedp.Flag("window-size", "1200,900"),
		chromedp.Env("HOME="+home, "TMPDIR="+home),
	)
	if !scripts {
		opts = append(opts, chromedp.Flag("blink-settings", "scriptEnabled=false"))
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()

	run := &pageRun{}
	var wg sync.WaitGroup
	collect := func(add func()) { run.mu.Lock(); add(); run.mu.Unlock() }
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	wg.Add(3)
	go func() {
		defer wg.Done()
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			collect(func() {
				run.exceptions = append(run.exceptions, fmt.Sprint(ev.ExceptionDetails.Text, " ", ev.ExceptionDetails.Exception))
			})
		}
	}()
	go func() {
		defer wg.Done()
		for ev, err := range requests {
			if err != nil {
				return
			}
			collect(func() { run.requests = append(run.requests, ev.Request.URL) })
		}
	}()
	go func() {
		defer wg.Done()
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			collect(func() { run.dialogs = append(run.dialogs, ev.Message) })
		}
	}()
	abs, _ := filepath.Abs(file)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+abs)); err != nil {
		t.Fatalf("navigate: %v", err)
	}
	check(ctx, run)
	cancelTimeout()
	cancel()
	wg.Wait()
	return run
}

// TestBrowserHarness shows that the checks of browse can fail: a page that
// throws, fetches from a host and opens a dialog is caught on all three.
func TestBrowserHarness(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.html")
	os.WriteFile(path, []byte(`<!DOCTYPE html><img src="http://example.invalid/x.png"><script>window.addEventListener("load",function(){setTimeout(function(){alert("x")},50)});throw new Error("boom")</script>`), 0o644)
	run := record(t, path, true, func(ctx context.Context, run *pageRun) {
		for i := 0; i < 50; i++ {
			run.mu.Lock()
			done := len(run.exceptions) > 0 && len(run.dialogs) > 0 && len(run.requests) > 1
			run.mu.Unlock()
			if done {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	if len(run.exceptions) == 0 || len(run.dialogs) == 0 {
		t.Errorf("harness missed the exception or the dialog: %+v", run)
	}
	external := false
	for _, url := range run.requests {
		external = external || strings.HasPrefix(url, "http://example.invalid")
	}
	if !external {
		t.Errorf("harness missed the request to a host: %v", run.requests)
	}
}

// checkPDFPageEnds fails when a page of the PDF ends with one of the
// headings (read with pdftotext, from Debian's poppler-utils).
func checkPDFPageEnds(t *testing.T, pdf []byte, headings []string) {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found; install poppler-utils (.ci/run does)")
	}
	path := filepath.Join(artifactDir(t), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command(bin, "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	isHeading := map[string]bool{}
	for _, h := range headings {
		isHeading[strings.Join(strings.Fields(h), " ")] = true
	}
	pages := strings.Split(string(text), "\f")
	for i, page := range pages {
		lines := strings.Split(strings.TrimSpace(page), "\n")
		last := strings.Join(strings.Fields(lines[len(lines)-1]), " ")
		if isHeading[last] && i < len(pages)-1 {
			t.Errorf("page %d of %d ends with the heading %q", i+1, len(pages), last)
		}
	}
	t.Logf("report.pdf: %d pages", len(pages))
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitCharts waits until ECharts has drawn every chart container.
func waitCharts(t *testing.T, ctx context.Context) (drawn, total int) {
	for i := 0; i < 100; i++ {
		total = eval[int](t, ctx, `document.querySelectorAll('.chart-live').length`)
		drawn = eval[int](t, ctx, `Array.from(document.querySelectorAll('.chart-live[_echarts_instance_]')).filter(e => e.offsetHeight > 0 && e.querySelector('svg path')).length`)
		if total > 0 && drawn == total {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return drawn, total
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(artifactDir(t), name)
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

func TestBrowserReport(t *testing.T) {
	if !render.Interactive() {
		t.Fatal("this test binary has no ECharts embedded; run make assets (make test does) first")
	}
	out := t.TempDir()
	if err := run([]string{"--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(out, "report.html")
	browse(t, report, true, func(ctx context.Context, _ *pageRun) {
		drawn, total := waitCharts(t, ctx)
		if total < 3 || drawn != total {
			t.Errorf("charts drawn: %d of %d", drawn, total)
		}
		tiles := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('.tile-value')).filter(e => e.offsetHeight > 0).map(e => e.textContent)`)
		if len(tiles) != 7 || !strings.HasPrefix(tiles[0], "€") {
			t.Errorf("key figures visible: %q; want 7, the first in euros", tiles)
		}
		sections := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('h2')).map(e => e.id)`)
		want := []string{"key-figures", "what-changed", "worklist", "forecast", "dso-trend", "aging", "clients-at-risk", "client-details", "aged-debtors", "concentration", "data-quality", "methodology"}
		if strings.Join(sections, ",") != strings.Join(want, ",") {
			t.Errorf("sections = %v; want %v", sections, want)
		}
		screenshot(t, ctx, "report.png")
		// At phone and desktop widths: the page is no wider than the window
		// (wide tables scroll in their own box), and the first screen holds
		// the key figures, above any table.
		for _, size := range [][2]int64{{390, 844}, {1280, 900}} {
			if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(size[0], size[1])); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond) // charts resize
			w := eval[[]int](t, ctx, `[document.documentElement.scrollWidth, window.innerWidth]`)
			if w[0] > w[1] {
				t.Errorf("%d px: the page is %d px wide", size[0], w[0])
			}
			first := eval[[]float64](t, ctx, `(() => { const tiles = document.querySelectorAll('.tile'); const last = tiles[tiles.length-1].getBoundingClientRect();
				const table = document.querySelector('main table').getBoundingClientRect(); return [last.bottom, window.innerHeight, table.top]; })()`)
			if first[0] > first[1] || first[2] < first[0] {
				t.Errorf("%d px: the key figures end at %.0f px in a window of %.0f, the first table starts at %.0f", size[0], first[0], first[1], first[2])
			}
			screenshot(t, ctx, fmt.Sprintf("report-%d.png", size[0]))
		}
		// In print, no page ends with a heading: a heading stays with what follows.
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
		if err != nil {
			t.Fatal(err)
		}
		headings := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('h1, h2, h3')).map(e => e.textContent.trim())`)
		checkPDFPageEnds(t, pdf, headings)
	})
	browse(t, report, false, func(ctx context.Context, _ *pageRun) {
		// No script runs: every chart shows its static SVG, decoded by the browser.
		n := eval[int](t, ctx, `document.querySelectorAll('.chart-static img').length`)
		ok := eval[int](t, ctx, `Array.from(document.querySelectorAll('.chart-static img')).filter(i => i.complete && i.naturalWidth > 0 && i.offsetHeight > 0).length`)
		charts := eval[int](t, ctx, `document.querySelectorAll('.chart-figure').length`)
		if n == 0 || ok != n || n != charts {
			t.Errorf("static charts: %d decoded of %d images, %d charts", ok, n, charts)
		}
		if rows := eval[int](t, ctx, `document.querySelectorAll('table.risk tbody tr').length`); rows == 0 {
			t.Error("no clients-at-risk table without scripts")
		}
		screenshot(t, ctx, "report-noscript.png")
	})
}

// TestChartNumbersInLanguage: the live charts write their axes' numbers
// and their tooltips' values with the report language's marks, as its
// tables do: 180.000 in Dutch, where ECharts by itself writes 180,000 (a
// Dutch reader's 180).
func TestChartNumbersInLanguage(t *testing.T) {
	if !render.Interactive() {
		t.Fatal("this test binary has no ECharts embedded; run make assets (make test does) first")
	}
	grouped := regexp.MustCompile(`^-?\d{1,3}([.,]\d{3})+([.,]\d{1,2})?$`)
	for _, c := range []struct{ lang, thousands, decimal string }{{"nl", ".", ","}, {"en", ",", "."}} {
		out := t.TempDir()
		if err := run([]string{"--out", out, "-q", "--lang", c.lang}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
			t.Fatal(err)
		}
		browse(t, filepath.Join(out, "report.html"), true, func(ctx context.Context, _ *pageRun) {
			if drawn, total := waitCharts(t, ctx); total == 0 || drawn != total {
				t.Fatalf("%s: charts drawn: %d of %d", c.lang, drawn, total)
			}
			// Each id once: a chart named like its section (aging, forecast)
			// took the heading's id, and links and scripts found the first.
			if dup := eval[[]string](t, ctx, `(() => { const seen = {}; return Array.from(document.querySelectorAll('[id]')).map(e => e.id).filter(id => seen[id] || !(seen[id] = true)); })()`); len(dup) > 0 {
				t.Errorf("%s: ids used twice: %q", c.lang, dup)
			}
			labels := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('.chart-live svg text')).map(e => e.textContent.trim())`)
			want := regexp.MustCompile(`^-?\d{1,3}(` + regexp.QuoteMeta(c.thousands) + `\d{3})+(` + regexp.QuoteMeta(c.decimal) + `\d{1,2})?$`)
			n := 0
			for _, l := range labels {
				if !grouped.MatchString(l) {
					continue
				}
				n++
				if !want.MatchString(l) {
					t.Errorf("%s: axis label %q; want thousands marked %q, decimals %q", c.lang, l, c.thousands, c.decimal)
				}
			}
			if n == 0 {
				t.Fatalf("%s: no axis label of thousands among %q", c.lang, labels)
			}
			// The tooltip of the aging chart's largest bar: its value marked the same way.
			tip := eval[string](t, ctx, `(() => { const el = document.getElementById('chart-aging'); const c = echarts.getInstanceByDom(el);
				const data = c.getOption().series[0].data.map(d => typeof d === 'object' ? d.value : d);
				c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: data.indexOf(Math.max(...data.filter(v => typeof v === 'number')))});
				const d = Array.from(el.querySelectorAll('div')).filter(d => !d.querySelector('svg')).find(d => /\d/.test(d.textContent));
				return d ? d.innerText : ''; })()`)
			value := ""
			for _, f := range strings.FieldsFunc(tip, func(r rune) bool { return !strings.ContainsRune("-0123456789.,", r) }) {
				if grouped.MatchString(f) {
					value = f
				}
			}
			if !want.MatchString(value) {
				t.Errorf("%s: tooltip %q; want a value of thousands marked %q, decimals %q", c.lang, tip, c.thousands, c.decimal)
			}
		})
	}
}

// hostileNames are client names that try to break out of every context
// they land in: HTML, script, attribute, SVG, Markdown table cell.
var hostileNames = []string{
	`</script><script>window.pwned=1;alert(1)</script>`,
	`"><img src=x onerror="window.pwned=1;alert(2)">`,
	"Pipe | Star * Co `tick` [link](javascript:alert(3))\nnext",
	`<svg onload=alert(4)>`,
	`=HYPERLINK("http://evil.example/","click me")`,
	"@SUM(1+1)*cmd|' /C calc'!A0",
}

// breakingNames would break the page's layout rather than run: a
// right-to-left override that turns the rest of a sentence around, and a
// name of 10,000 characters without a space.
var breakingNames = []string{
	"Evil\u202eCorp gnp.exe",
	strings.Repeat("W", 10000),
}

func writeHostile(t *testing.T) string {
	var b strings.Builder
	b.WriteString("Invoice No,Client Name,Invoice Date,Due Date,Amount\n")
	for i, name := range append(slices.Clone(hostileNames), breakingNames...) {
		q := `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
		// An old unpaid invoice each: severely overdue and stopped paying, so
		// every name lands in the risk table, the details and the charts.
		fmt.Fprintf(&b, "H%d-1,%s,2026-03-%02d,2026-04-%02d,%d.00\n", i, q, i+1, i+1, 1000*(i+1))
		fmt.Fprintf(&b, "H%d-2,%s,2026-09-%02d,2026-10-%02d,%d.00\n", i, q, i+1, i+1, 500)
	}
	path := filepath.Join(t.TempDir(), "hostile.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestHostileNamesInBrowser(t *testing.T) {
	out := t.TempDir()
	if err := run([]string{"--invoices", writeHostile(t), "--as-of", "2026-10-31", "--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	browse(t, filepath.Join(out, "report.html"), true, func(ctx context.Context, run *pageRun) {
		waitCharts(t, ctx)
		if eval[bool](t, ctx, `window.pwned === 1`) {
			t.Error("a client name ran as script")
		}
		names := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('table.risk tbody tr td:first-child')).map(e => e.textContent)`)
		if len(names) != len(hostileNames)+len(breakingNames) {
			t.Errorf("risk table rows = %d; want %d: %q", len(names), len(hostileNames)+len(breakingNames), names)
		}
		// The override is gone and every name is isolated; the long one
		// wraps: the page is no wider than the window.
		if eval[bool](t, ctx, `document.body.textContent.includes('\u202e')`) {
			t.Error("a right-to-left override reached the page")
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('table.risk tbody td:first-child bdi').length`); n != len(names) {
			t.Errorf("%d names in <bdi>; want %d", n, len(names))
		}
		if w := eval[[]int](t, ctx, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
			t.Errorf("the page is %d px wide in a window of %d", w[0], w[1])
		}
		for _, want := range hostileNames[:2] {
			found := false
			for _, n := range names {
				found = found || n == want
			}
			if !found {
				t.Errorf("name %q not shown as text; shown: %q", want, names)
			}
		}
		screenshot(t, ctx, "hostile.png")
	})
}

// TestHostileNamesInOutputs checks without a browser that hostile client
// names stay data in every output: JSON, Markdown, HTML and SVG.
func TestHostileNamesInOutputs(t *testing.T) {
	out := t.TempDir()
	if err := run([]string{"--invoices", writeHostile(t), "--as-of", "2026-10-31", "--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Clients []struct{ Name string } `json:"clients"`
	}
	data, _ := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("metrics.json: %v", err)
	}
	got := map[string]bool{}
	for _, c := range doc.Clients {
		got[c.Name] = true
	}
	for _, n := range hostileNames[:4] {
		if !got[strings.TrimSpace(n)] && !got[n] {
			t.Errorf("metrics.json lost the name %q", n)
		}
	}

	md, _ := os.ReadFile(filepath.Join(out, "report.md"))
	for _, name := range []string{"report.md", "metrics.json", "report.html"} {
		if b, _ := os.ReadFile(filepath.Join(out, name)); bytes.ContainsRune(b, '\u202e') {
			t.Errorf("%s holds a right-to-left override", name)
		}
	}
	if !got["EvilCorp gnp.exe"] {
		t.Error("metrics.json lacks the name with its override dropped")
	}
	// A backslash before < or ( makes it text in Markdown.
	for _, bad := range []string{"<script", "<img", "<svg", "](javascript"} {
		if regexp.MustCompile(`(^|[^\\])` + regexp.QuoteMeta(bad)).Match(md) {
			t.Errorf("report.md holds %q unescaped", bad)
		}
	}
	// Every row of every table has as many cells as its header.
	cells := func(line string) int { return len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1)) }
	lines := strings.Split(string(md), "\n")
	for i := 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "|---") || strings.HasPrefix(lines[i], "|:") {
			want := cells(lines[i-1])
			for j := i + 1; j < len(lines) && strings.HasPrefix(lines[j], "|"); j++ {
				if c := cells(lines[j]); c != want {
					t.Errorf("report.md line %d has %d cells; want %d: %s", j+1, c, want, lines[j])
				}
			}
		}
	}

	page, _ := os.ReadFile(filepath.Join(out, "report.html"))
	for _, bad := range []string{"<script>window.pwned", "<img src=x", "<svg onload", `href="javascript`} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("report.html holds %q", bad)
		}
	}
	if n := bytes.Count(page, []byte("<script")); render.Interactive() && n != 2 {
		t.Errorf("report.html has %d script elements; want 2 (ECharts and the chart set-up)", n)
	}

	svgs, _ := filepath.Glob(filepath.Join(out, "report_files", "*.svg"))
	if len(svgs) == 0 {
		t.Fatal("no SVG charts written")
	}
	for _, path := range svgs {
		f, _ := os.ReadFile(path)
		dec := xml.NewDecoder(bytes.NewReader(f))
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s is not well-formed: %v", filepath.Base(path), err)
				break
			}
			if el, ok := tok.(xml.StartElement); ok && (el.Name.Local == "script" || el.Name.Local == "foreignObject") {
				t.Errorf("%s holds a <%s> element", filepath.Base(path), el.Name.Local)
			}
			if el, ok := tok.(xml.StartElement); ok {
				for _, a := range el.Attr {
					if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
						t.Errorf("%s has an event attribute %s", filepath.Base(path), a.Name.Local)
					}
				}
			}
		}
	}
}
