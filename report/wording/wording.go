// Package wording is every word and number format the reader sees, per
// language: message catalogs (go-i18n, TOML, with CLDR plural rules) and
// the way numbers, money and dates are written. Renderers ask it for
// text; nothing else in the report writes a sentence.
package wording

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Languages are the languages a report can be written in.
var Languages = []string{"en", "nl"}

// Lang writes in one language: its messages and its formats.
type Lang struct {
	Tag string // "en", "nl"
	Format
	loc     *i18n.Localizer
	mu      sync.Mutex // guards missing: renderers run side by side
	missing map[string]bool
}

// CatalogName is the file name of a language's message catalog among the
// templates: messages.nl.toml.
func CatalogName(tag string) string { return "messages." + tag + ".toml" }

// New reads a language's catalog (TOML, go-i18n's format: a table per
// message id, with "other" and, where a count decides, "one").
func New(tag string, catalog []byte) (*Lang, error) {
	format, ok := formats[tag]
	if !ok {
		return nil, fmt.Errorf("no language %q; the languages are %s", tag, strings.Join(Languages, ", "))
	}
	t, err := language.Parse(tag)
	if err != nil {
		return nil, err
	}
	bundle := i18n.NewBundle(t)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	if _, err := bundle.ParseMessageFileBytes(catalog, CatalogName(tag)); err != nil {
		return nil, fmt.Errorf("%s: %w", CatalogName(tag), err)
	}
	return &Lang{Tag: tag, Format: format, loc: i18n.NewLocalizer(bundle, tag), missing: map[string]bool{}}, nil
}

// T returns message id filled with the named values (name, value, name,
// value…). A value named Count chooses the plural form.
func (l *Lang) T(id string, args ...any) string {
	var data map[string]any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			data[args[i].(string)] = args[i+1]
		}
	}
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := l.loc.Localize(cfg)
	if err != nil {
		l.mu.Lock()
		l.missing[id] = true
		l.mu.Unlock()
		return "[" + id + "]"
	}
	return s
}

// Missing lists the message ids asked for that the catalog lacks.
func (l *Lang) Missing() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var ids []string
	for id := range l.missing {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
