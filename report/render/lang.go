package render

import (
	"sync"

	"github.com/arreport/arreport/report/wording"
	"github.com/arreport/arreport/templates"
)

// builtinEnglish is the built-in English catalog: metrics.json's words
// (evidence, the as-of rule) are always these, whatever the reader's
// language or edited templates, so that its bytes never depend on them.
var builtinEnglish = sync.OnceValue(func() *wording.Lang {
	l, err := loadLang(templates.Source{}, "en")
	if err != nil {
		panic(err) // the embedded catalog is part of the binary, tested
	}
	return l
})

// loadLang reads a language's catalog from the templates (a user's copy
// first).
func loadLang(src templates.Source, tag string) (*wording.Lang, error) {
	catalog, err := src.Load(wording.CatalogName(tag))
	if err != nil {
		return nil, err
	}
	return wording.New(tag, []byte(catalog))
}
