// Package templates holds the report's wording, order and look: the
// Markdown template of the report (used for report.md and, through
// goldmark, for the body of report.html), the HTML page and components,
// and the stylesheet. They are embedded in the binary; a user can copy
// them out (arreport --write-templates DIR), edit them, and point
// --templates DIR at the copy.
package templates

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

//go:embed *.tmpl *.css *.toml
var builtin embed.FS

// Source finds templates: in Dir first, when set, then built in.
type Source struct {
	Dir string
}

// Load returns the text of the named template.
func (s Source) Load(name string) (string, error) {
	if s.Dir != "" {
		b, err := os.ReadFile(filepath.Join(s.Dir, name))
		if err == nil {
			return string(b), nil
		}
		if !os.IsNotExist(err) {
			return "", fmt.Errorf("template %s: %w", name, err)
		}
	}
	b, err := builtin.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("no template %q", name)
	}
	return string(b), nil
}

// Names lists the built-in templates.
func Names() []string {
	entries, _ := fs.ReadDir(builtin, ".")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// WriteBuiltin writes every built-in template into dir, refusing to
// overwrite files that exist (they may hold a user's edits).
func WriteBuiltin(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	for _, name := range Names() {
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); err == nil {
			return written, fmt.Errorf("%s exists; remove it or choose another directory", path)
		}
		b, _ := builtin.ReadFile(name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}
