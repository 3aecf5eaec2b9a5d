package render

import (
	"github.com/arreport/arreport/report/wording"
	"github.com/arreport/arreport/templates"
)

// builtinEnglish is the built-in English catalog: metrics.json's words
// (evidence, the as-of rule) are always these, whatever the reader's
// language or edited templates, so that its bytes never depend on them.
func builtinEnglish() *wording.Lang { return wording.English() }

// LoadLang reads a language's catalog from the templates (a user's copy
// first).
func LoadLang(src templates.Source, tag string) (*wording.Lang, error) { return loadLang(src, tag) }

func loadLang(src templates.Source, tag string) (*wording.Lang, error) {
	catalog, err := src.Load(wording.CatalogName(tag))
	if err != nil {
		return nil, err
	}
	return wording.New(tag, []byte(catalog))
}
