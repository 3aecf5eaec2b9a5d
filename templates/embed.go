// Package templates holds the report's wording and order: Markdown (and,
// later, HTML) templates embedded in the binary.
package templates

import (
	"embed"
	"fmt"
)

//go:embed *.tmpl
var builtin embed.FS

// Load returns the built-in template of that name.
func Load(name string) (string, error) {
	b, err := builtin.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("no built-in template %q", name)
	}
	return string(b), nil
}
