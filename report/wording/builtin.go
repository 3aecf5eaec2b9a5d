package wording

import (
	"sync"

	"github.com/arreport/arreport/templates"
)

var builtin sync.Map // tag → *Lang

// Builtin returns a language with the catalog built into the binary (not
// a user's edited copy): the words of error values and of metrics.json.
func Builtin(tag string) *Lang {
	if l, ok := builtin.Load(tag); ok {
		return l.(*Lang)
	}
	catalog, err := templates.Source{}.Load(CatalogName(tag))
	if err != nil {
		panic(err) // the built-in catalogs are part of the binary, tested
	}
	l, err := New(tag, []byte(catalog))
	if err != nil {
		panic(err)
	}
	actual, _ := builtin.LoadOrStore(tag, l)
	return actual.(*Lang)
}

// English is the built-in English language.
func English() *Lang { return Builtin("en") }
