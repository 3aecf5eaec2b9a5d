package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/arreport/arreport/report/wording"
)

// mailSettings say how report.eml is sent: --mail-to, --mail-from,
// --smtp, and the [mail] section of the config file. The password comes
// only from the environment (passwordVar), never from a flag or a file.
type mailSettings struct {
	to       []string
	from     string
	smtp     string // host:port
	user     string
	starttls string // mandatory, opportunistic (the default) or none
	company  string
}

// passwordVar holds the SMTP password.
const passwordVar = "ARREPORT_SMTP_PASSWORD"

// mailConfig is the [mail] section of the config file.
type mailConfig struct {
	To       []string `toml:"to"`
	From     string   `toml:"from"`
	SMTP     string   `toml:"smtp"`
	User     string   `toml:"user"`
	StartTLS string   `toml:"starttls"`
	Company  string   `toml:"company"`
}

// check refuses settings that cannot work, before anything is computed.
func (m *mailSettings) check() error {
	for _, a := range append(append([]string{}, m.to...), m.from) {
		if a == "" {
			continue
		}
		if _, err := mail.ParseAddress(a); err != nil {
			return usagef("e-mail address %q: %v", a, err)
		}
	}
	if len(m.to) == 0 {
		return nil
	}
	if m.smtp == "" {
		return usagef("--mail-to needs --smtp HOST:PORT (or smtp in the config file's [mail] section)")
	}
	if _, port, err := net.SplitHostPort(m.smtp); err != nil {
		return usagef("--smtp %q: give HOST:PORT, e.g. smtp.example.com:587", m.smtp)
	} else if _, err := strconv.Atoi(port); err != nil {
		return usagef("--smtp %q: the port is not a number", m.smtp)
	}
	switch m.starttls {
	case "", "mandatory", "opportunistic", "none":
	default:
		return usagef("starttls %q: use mandatory, opportunistic or none", m.starttls)
	}
	return nil
}

// MailError is a send that failed: the server's answer, and where the
// report is.
type MailError struct {
	Server string
	Err    error
}

func (e *MailError) Error() string {
	return fmt.Sprintf("sending the report through %s failed: %v", e.Server, e.Err)
}

func (e *MailError) Unwrap() error { return e.Err }

// Describe says it in the reader's language: the outputs are written.
func (e *MailError) Describe(l *wording.Lang) string {
	return l.T("err_mail", "Server", e.Server, "Answer", e.Err.Error())
}

// send sends report.eml as written: go-mail reads it back and talks to
// the server (STARTTLS as set, the password from the environment). The
// sent copy gets a Message-ID and date of its own.
func send(m *mailSettings, eml []byte, password string) error {
	msg, err := gomail.EMLToMsgFromReader(bytes.NewReader(eml))
	if err != nil {
		return fmt.Errorf("reading report.eml back to send it: %w", err)
	}
	msg.SetMessageID()
	msg.SetDate()
	host, portText, _ := net.SplitHostPort(m.smtp)
	port, _ := strconv.Atoi(portText)
	policy := gomail.TLSOpportunistic
	switch m.starttls {
	case "mandatory":
		policy = gomail.TLSMandatory
	case "none":
		policy = gomail.NoTLS
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTLSPortPolicy(policy), gomail.WithTimeout(30 * time.Second)}
	if m.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(m.user), gomail.WithPassword(password))
	}
	client, err := gomail.NewClient(host, opts...)
	if err != nil {
		return &MailError{Server: m.smtp, Err: err}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return &MailError{Server: m.smtp, Err: err}
	}
	return nil
}

// recipients lists the addresses for the run's closing line.
func (m *mailSettings) recipients() string { return strings.Join(m.to, ", ") }
