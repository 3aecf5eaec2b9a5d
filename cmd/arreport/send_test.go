package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"go/build"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mailpitPath finds the mailpit SMTP server (.ci/run installs it with go
// install): on PATH, else in GOPATH/bin.
func mailpitPath(t *testing.T) string {
	return lookTool(t, "go install github.com/axllent/mailpit@v1.33.1", "mailpit", filepath.Join(build.Default.GOPATH, "bin", "mailpit"))
}

func fileExists(path string) bool { _, err := os.Stat(path); return err == nil }

// freePort finds a loopback port nobody listens on.
func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// selfSignedCert writes a certificate for 127.0.0.1 and its key, for a
// test server's STARTTLS; the certificate is its own root.
func selfSignedCert(t *testing.T, dir string) (certFile, keyFile string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	return certFile, keyFile
}

// startMailpit runs a real SMTP server on loopback ports for the test,
// with STARTTLS (the certificate returned) and accepting any user and
// password, and returns its SMTP address and the base URL of its HTTP API.
func startMailpit(t *testing.T) (smtp, api, cert string) {
	bin := mailpitPath(t)
	smtpPort, httpPort := freePort(t), freePort(t)
	smtp, api = fmt.Sprintf("127.0.0.1:%d", smtpPort), fmt.Sprintf("http://127.0.0.1:%d", httpPort)
	dir := t.TempDir()
	cert, key := selfSignedCert(t, dir)
	cmd := exec.Command(bin, "--smtp", smtp, "--listen", fmt.Sprintf("127.0.0.1:%d", httpPort), "--database", filepath.Join(dir, "mail.db"),
		"--smtp-tls-cert", cert, "--smtp-tls-key", key, "--smtp-require-starttls", "--smtp-auth-accept-any", "--quiet")
	cmd.Env = append(os.Environ(), "HOME="+dir, "TMPDIR="+dir)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for start := time.Now(); time.Since(start) < 20*time.Second; time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(api + "/api/v1/messages"); err == nil {
			resp.Body.Close()
			if conn, err := net.Dial("tcp", smtp); err == nil {
				conn.Close()
				return smtp, api, cert
			}
		}
	}
	t.Fatalf("mailpit did not start:\n%s", logs.String())
	return "", "", ""
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
}

// TestSendMail runs the command as a user would, sending the samples'
// report through a real SMTP server (mailpit) that demands STARTTLS, with
// a user from the config file and the password from the environment; it
// reads the message back through mailpit's API: the recipients, the
// subject, the inline charts and the attachments intact.
func TestSendMail(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an SMTP server")
	}
	smtp, api, cert := startMailpit(t)
	bin := buildBinary(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "arreport.toml")
	if err := os.WriteFile(cfg, []byte("[mail]\nuser = \"finance\"\nstarttls = \"mandatory\"\ncompany = \"Voorbeeld B.V.\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(bin, "--config", cfg, "--out", out, "--smtp", smtp, "--mail-from", "Finance <finance@example.com>",
		"--mail-to", "cfo@example.com", "--mail-to", "Owner <owner@example.com>")
	// The test server's certificate is the only root the run trusts.
	cmd.Env = append(os.Environ(), passwordVar+"=s3cret", "SSL_CERT_FILE="+cert, "SSL_CERT_DIR="+dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("arreport: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "sent report.eml to cfo@example.com, Owner <owner@example.com> through "+smtp) {
		t.Errorf("stdout does not say it was sent: %q", stdout.String())
	}
	var list struct {
		Total    int `json:"total"`
		Messages []struct {
			ID      string `json:"ID"`
			Subject string `json:"Subject"`
			To      []struct {
				Address string `json:"Address"`
			} `json:"To"`
		} `json:"messages"`
	}
	getJSON(t, api+"/api/v1/messages", &list)
	if list.Total != 1 || len(list.Messages) != 1 {
		t.Fatalf("mailpit holds %d messages; want 1", list.Total)
	}
	m := list.Messages[0]
	if m.Subject != "Voorbeeld B.V.: AR report 31 Oct 2026: receivables €598,714.02, 24.6% overdue, DSO 40.0 days" {
		t.Errorf("subject %q", m.Subject)
	}
	if len(m.To) != 2 || m.To[0].Address != "cfo@example.com" || m.To[1].Address != "owner@example.com" {
		t.Errorf("recipients %+v", m.To)
	}
	var detail struct {
		Attachments []struct {
			FileName string `json:"FileName"`
		} `json:"Attachments"`
		Inline []struct {
			ContentID string `json:"ContentID"`
		} `json:"Inline"`
	}
	getJSON(t, api+"/api/v1/message/"+m.ID, &detail)
	if len(detail.Attachments) != 2 || len(detail.Inline) != 3 {
		t.Errorf("mailpit sees %d attachments and %d inline parts; want report.html and report.xlsx, and 3 charts", len(detail.Attachments), len(detail.Inline))
	}
	resp, err := http.Get(api + "/api/v1/message/" + m.ID + "/raw")
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	raw.ReadFrom(resp.Body)
	resp.Body.Close()
	_, parts := readEML(t, raw.Bytes())
	cids := map[string]bool{}
	var body []byte
	for _, p := range parts {
		if cid := strings.Trim(p.header["Content-Id"], "<>"); cid != "" && bytes.HasPrefix(p.body, []byte("\x89PNG")) {
			cids[cid] = true
		}
		if strings.HasSuffix(p.path, "text/html") && !strings.HasPrefix(p.header["Content-Disposition"], "attachment") {
			body = p.body
		}
		if name := p.header["Content-Disposition"]; strings.HasPrefix(name, "attachment") {
			for _, file := range []string{"report.html", "report.xlsx"} {
				if strings.Contains(name, file) {
					want, _ := os.ReadFile(filepath.Join(out, file))
					if !bytes.Equal(p.body, want) {
						t.Errorf("the %s received differs from the file (%d bytes, want %d)", file, len(p.body), len(want))
					}
				}
			}
		}
	}
	for _, id := range []string{"dso_trend@arreport", "aging@arreport", "forecast@arreport"} {
		if !cids[id] || !bytes.Contains(body, []byte("cid:"+id)) {
			t.Errorf("chart %s: a PNG part %v, referenced by the body %v", id, cids[id], bytes.Contains(body, []byte("cid:"+id)))
		}
	}
}

// TestSendMailFails: a server that refuses the connection fails the run
// (exit 1) with the server's answer, after every output was written.
func TestSendMailFails(t *testing.T) {
	out := t.TempDir()
	port := freePort(t) // nobody listens there
	err := run([]string{"--out", out, "-q", "--smtp", fmt.Sprintf("127.0.0.1:%d", port), "--mail-to", "cfo@example.com"}, new(bytes.Buffer), new(bytes.Buffer))
	var me *MailError
	if !errors.As(err, &me) || errors.Is(err, errUsage) {
		t.Fatalf("run = %v; want a MailError", err)
	}
	if !strings.Contains(err.Error(), "refused") {
		t.Errorf("the error does not give the server's answer: %v", err)
	}
	for _, name := range []string{"report.eml", "report.html", "report.xlsx", "metrics.json"} {
		if !fileExists(filepath.Join(out, name)) {
			t.Errorf("%s was not written before sending", name)
		}
	}
	// Settings that cannot work stop the run before anything is computed.
	for _, args := range [][]string{
		{"--mail-to", "cfo@example.com"},                        // no server
		{"--mail-to", "not an address", "--smtp", "h:25"},       // a bad address
		{"--mail-to", "cfo@example.com", "--smtp", "localhost"}, // no port
	} {
		if err := run(append([]string{"--out", t.TempDir()}, args...), new(bytes.Buffer), new(bytes.Buffer)); !errors.Is(err, errUsage) {
			t.Errorf("%q: %v; want a usage error", args, err)
		}
	}
	cfg := filepath.Join(t.TempDir(), "arreport.toml")
	os.WriteFile(cfg, []byte("[mail]\npassword = \"in a file\"\n"), 0o644)
	if err := run([]string{"--config", cfg, "--out", t.TempDir()}, new(bytes.Buffer), new(bytes.Buffer)); err == nil || !strings.Contains(err.Error(), "password") {
		t.Errorf("a password in the config file: %v; want it refused", err)
	}
}
