package main

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readTree returns every file under dir by its slash path; hidden ones
// included.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		tree[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

func writeTreeFiles(t *testing.T, dir string, tree map[string]string) {
	t.Helper()
	os.RemoveAll(dir)
	for name, data := range tree {
		path := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// sameSet says which of the two reports tree is: "old", "new", or "" for
// neither (a mix, a part, or stray files).
func sameSet(tree, old, new map[string]string) string {
	switch {
	case maps.Equal(tree, old):
		return "old"
	case maps.Equal(tree, new):
		return "new"
	}
	return ""
}

// TestKilledRunsLeaveACompleteReport kills real runs (SIGKILL) at many
// moments from start to end, writing over an earlier report: after every
// kill the folder holds the complete earlier report or the complete new
// one, never a mix. SIGINT and SIGTERM end a run with 130 and 143 and
// leave no temporary files; the next run removes what a kill left.
func TestKilledRunsLeaveACompleteReport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it many times")
	}
	bin := buildBinary(t)
	root := t.TempDir()
	out := filepath.Join(root, "out")
	// A killed run leaves the bundled samples it wrote in the temporary
	// folder (SIGKILL allows no clean-up): the test's own, which goes.
	t.Setenv("TMPDIR", t.TempDir())
	// The earlier report (as of September) and the new one (the default as-of).
	if msg, err := exec.Command(bin, "--out", out, "--as-of", "2026-09-30", "-q").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, msg)
	}
	old := readTree(t, out)
	fresh := filepath.Join(root, "fresh")
	start := time.Now()
	if msg, err := exec.Command(bin, "--out", fresh, "-q").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, msg)
	}
	whole := time.Since(start)
	new := readTree(t, fresh)
	if maps.Equal(old, new) {
		t.Fatal("the two reports are the same; the test could not tell them apart")
	}
	seen := map[string]int{}
	const kills = 60
	for i := range kills {
		writeTreeFiles(t, out, old)
		cmd := exec.Command(bin, "--out", out, "-q")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// From the start to a little past the usual end of a run.
		time.Sleep(whole * time.Duration(i) * 13 / 10 / kills)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		set := sameSet(readTree(t, out), old, new)
		if set == "" {
			t.Fatalf("kill %d after %s: the folder holds neither report: %v", i, whole*time.Duration(i)*13/10/kills, slices.Sorted(maps.Keys(readTree(t, out))))
		}
		seen[set]++
	}
	t.Logf("after %d kills: %v (a run takes %s)", kills, seen, whole)
	// The next run removes what the kills left beside the folder.
	if msg, err := exec.Command(bin, "--out", out, "-q").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, msg)
	}
	if left := leftovers(t, root); len(left) > 0 {
		t.Errorf("after the next run, left behind: %v", left)
	}
	if sameSet(readTree(t, out), old, new) != "new" {
		t.Error("the next run did not write the new report")
	}

	// SIGINT and SIGTERM leave nothing in the temporary folder either.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for i, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGINT, syscall.SIGTERM, syscall.SIGINT, syscall.SIGTERM} {
		writeTreeFiles(t, out, old)
		cmd := exec.Command(bin, "--out", out, "-q")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(whole * time.Duration(i+1) / 6)
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		want := map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143}[sig]
		set := sameSet(readTree(t, out), old, new)
		switch {
		case code == 0 && set == "new": // finished before the signal
		case code == want && set != "":
		case code == -1 && set == "old": // killed by the signal before main could take it: nothing written yet
		default:
			t.Errorf("%v after %s: exit %d, folder %q; want %d and a complete report (%s)", sig, whole*time.Duration(i+1)/6, code, set, want, stderr.String())
		}
		if left := leftovers(t, root); len(left) > 0 {
			t.Errorf("%v: left behind %v", sig, left)
		}
		if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
			t.Errorf("%v: left %s in the temporary folder", sig, entries[0].Name())
		}
	}
}

// leftovers lists hidden entries beside and inside the output folder.
func leftovers(t *testing.T, root string) []string {
	var left []string
	for _, dir := range []string{root, filepath.Join(root, "out"), filepath.Join(root, "out", "report_files")} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				left = append(left, filepath.Join(dir, e.Name()))
			}
		}
	}
	return left
}

// TestOutputFolderChecks: an output name of the wrong kind (a folder
// called report.md) stops the run before anything is written; a folder
// with files of its own keeps them.
func TestOutputFolderChecks(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if err := run([]string{"--out", out, "-q", "--as-of", "2026-09-30"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)
	os.Remove(filepath.Join(out, "report.md"))
	os.MkdirAll(filepath.Join(out, "report.md", "notes"), 0o755)
	delete(before, "report.md")
	err := run([]string{"--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), "report.md is a folder") {
		t.Fatalf("run = %v; want a refusal naming report.md", err)
	}
	if after := readTree(t, out); !maps.Equal(after, before) {
		t.Error("the refused run changed the folder")
	}
	// A folder of the user's own: the notes stay, the report is replaced.
	mine := t.TempDir()
	os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("mine"), 0o644)
	if err := run([]string{"--out", mine, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	if tree := readTree(t, mine); tree["notes.txt"] != "mine" || tree["metrics.json"] == "" {
		t.Errorf("folder with own files: %v", slices.Sorted(maps.Keys(tree)))
	}
}

// TestRelativeOutFolders: the README's `--out out` and its kin, relative
// to the working folder, write the report like an absolute path does.
func TestRelativeOutFolders(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, out := range []string{"out", "./out2/", "a/../out3", "nested/out4"} {
		if out == "nested/out4" {
			if err := os.Mkdir("nested", 0o755); err != nil {
				t.Fatal(err)
			}
		}
		var stdout, stderr bytes.Buffer
		if err := run([]string{"--out", out, "--quiet"}, &stdout, &stderr); err != nil {
			t.Fatalf("--out %s: %v\n%s", out, err, stderr.String())
		}
		for _, name := range []string{"report.html", "report.md", "metrics.json", "report_files/dso_trend.svg"} {
			if _, err := os.Stat(filepath.Join(out, name)); err != nil {
				t.Errorf("--out %s: %v", out, err)
			}
		}
	}
}
