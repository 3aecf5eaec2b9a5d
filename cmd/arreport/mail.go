package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
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

// send sends what report.eml holds: its parts are read back and handed to
// go-mail, which writes the message anew and talks to the server
// (STARTTLS as set, the password from the environment). The sent copy
// gets a Message-ID and date of its own.
func send(m *mailSettings, eml []byte, password string) error {
	msg, err := messageOf(eml)
	if err != nil {
		return fmt.Errorf("reading report.eml back to send it: %w", err)
	}
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

// messageOf reads a message written by render (report.eml) into a go-mail
// message: the addresses and subject, the plain and HTML bodies, the
// inline images by Content-ID and the attachments. (go-mail's own EML
// reader gives every nested multipart the same boundary when it writes
// the message again, which breaks it.)
func messageOf(eml []byte) (*gomail.Msg, error) {
	parsed, err := mail.ReadMessage(bytes.NewReader(eml))
	if err != nil {
		return nil, err
	}
	msg := gomail.NewMsg()
	if err := msg.From(parsed.Header.Get("From")); err != nil {
		return nil, err
	}
	if to := parsed.Header.Get("To"); to != "" {
		list, err := mail.ParseAddressList(to)
		if err != nil {
			return nil, err
		}
		for _, a := range list {
			if err := msg.AddTo(a.String()); err != nil {
				return nil, err
			}
		}
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(parsed.Header.Get("Subject"))
	if err != nil {
		return nil, err
	}
	msg.Subject(subject)
	err = walkParts(textproto.MIMEHeader(parsed.Header), parsed.Body, "", func(_ string, h textproto.MIMEHeader, mediaType string, data []byte) error {
		disposition, params, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
		switch {
		case disposition == "attachment":
			return msg.AttachReader(params["filename"], bytes.NewReader(data), gomail.WithFileContentType(gomail.ContentType(mediaType)))
		case h.Get("Content-ID") != "":
			return msg.EmbedReader(params["filename"], bytes.NewReader(data), gomail.WithFileContentType(gomail.ContentType(mediaType)),
				gomail.WithFileContentID(strings.Trim(h.Get("Content-ID"), "<>")))
		case mediaType == "text/plain":
			msg.SetBodyString(gomail.TypeTextPlain, string(data))
		case mediaType == "text/html":
			msg.AddAlternativeString(gomail.TypeTextHTML, string(data))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	msg.SetMessageID()
	msg.SetDate()
	return msg, nil
}

// walkParts calls leaf for every part that is not multipart, decoded, with
// its path: the media types from the top ("/multipart/mixed/text/html").
func walkParts(h textproto.MIMEHeader, body io.Reader, path string, leaf func(path string, h textproto.MIMEHeader, mediaType string, data []byte) error) error {
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	path += "/" + mediaType
	if strings.HasPrefix(mediaType, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			p, err := r.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walkParts(p.Header, p, path, leaf); err != nil {
				return err
			}
		}
	}
	var data []byte
	switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
	case "base64":
		data, err = io.ReadAll(base64.NewDecoder(base64.StdEncoding, body))
	case "quoted-printable":
		data, err = io.ReadAll(quotedprintable.NewReader(body))
	default:
		data, err = io.ReadAll(body)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return leaf(path, h, mediaType, data)
}

// recipients lists the addresses for the run's closing line.
func (m *mailSettings) recipients() string { return strings.Join(m.to, ", ") }
