package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/arreport/arreport/report/parallel"
	"github.com/arreport/arreport/report/render"
	"github.com/arreport/arreport/report/wording"
)

// outputNames are the entries a run writes into the output folder. A
// folder that holds nothing else is replaced as a whole.
var outputNames = []string{"metrics.json", "report.html", "report.md", "report.xlsx", "report.eml", "report_files"}

// stagePrefix starts the name of the hidden sibling folder a run writes
// its outputs into before they take the output folder's place:
// ".out.arreport-" for --out out.
func stagePrefix(dir string) string { return "." + filepath.Base(dir) + ".arreport-" }

// pending holds the folders to remove when the run is interrupted: the
// stage being written, or the earlier report once it has been swapped
// out. A signal handler takes the lock, so that a swap is never half done.
var pending struct {
	sync.Mutex
	paths []string
}

func track(path string) {
	pending.Lock()
	pending.paths = append(pending.paths, path)
	pending.Unlock()
}

func untrack(path string) {
	pending.Lock()
	pending.paths = slices.DeleteFunc(pending.paths, func(p string) bool { return p == path })
	pending.Unlock()
}

// removePending removes what an interrupted run leaves behind. It keeps
// the lock: the process ends right after. The run may still be writing
// into a stage: removal is tried again until the folder is gone (files
// can no longer be made in a removed folder, see writeTree).
func removePending() {
	pending.Lock()
	for _, p := range pending.paths {
		for range 100 {
			if os.RemoveAll(p) == nil {
				break
			}
		}
	}
}

// writeOutputs writes every file (paths relative to dir) so that the
// folder holds either the complete earlier report or the complete new one
// at every moment, also when the run is killed: the files are written
// into a hidden sibling folder, synced, and swapped with dir in one
// rename. Leftovers of an earlier killed run are removed first. A folder
// that holds files of its own (not a report's) keeps them: there the new
// files replace the old ones one by one.
func writeOutputs(dir string, files map[string]render.Content) error {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	removeLeftovers(dir)
	own, err := checkOutputFolder(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("creating the output folder: %w", err)
	}
	pending.Lock() // so that an interrupt sees the stage as soon as it exists
	stage, err := os.MkdirTemp(parent, stagePrefix(dir))
	if err == nil {
		pending.paths = append(pending.paths, stage)
	}
	pending.Unlock()
	if err != nil {
		return fmt.Errorf("writing the report next to %s: %w", dir, err)
	}
	defer func() {
		os.RemoveAll(stage)
		untrack(stage)
	}()
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	if err := writeTree(stage, files); err != nil {
		return err
	}
	pending.Lock()
	defer pending.Unlock()
	switch {
	case !exists(dir):
		err = os.Rename(stage, dir)
	case own:
		err = exchange(stage, dir) // stage now holds the earlier report, removed on return
		if errors.Is(err, errNoExchange) {
			err = replaceEach(stage, dir, files)
		}
	default:
		err = replaceEach(stage, dir, files)
	}
	if err != nil {
		return fmt.Errorf("writing the report into %s: %w", dir, err)
	}
	syncDir(parent)
	return nil
}

// removeLeftovers removes what a killed run may have left: its stage
// folders beside dir, and the temporary files of earlier versions inside it.
func removeLeftovers(dir string) {
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), stagePrefix(dir)+"*"))
	for _, p := range old {
		os.RemoveAll(p)
	}
	for _, pattern := range []string{".*.tmp-*", "report_files/.*.tmp-*"} {
		old, _ = filepath.Glob(filepath.Join(dir, pattern))
		for _, p := range old {
			os.Remove(p)
		}
	}
}

// checkOutputFolder refuses, before anything is written, an output folder
// that is a file or holds an output name of the wrong kind (a folder
// called report.md). own reports whether the folder holds nothing but a
// report's files (and is not the working directory), so that it can be
// swapped whole.
func checkOutputFolder(dir string) (own bool, err error) {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if !st.IsDir() {
		return false, &OutputError{Path: dir, What: "out_is_file"}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	own = true
	for _, e := range entries {
		if !slices.Contains(outputNames, e.Name()) {
			own = false
			continue
		}
		wantDir := e.Name() == "report_files"
		if e.IsDir() != wantDir {
			what := "out_is_folder"
			if wantDir {
				what = "out_is_file_for_folder"
			}
			return false, &OutputError{Path: filepath.Join(dir, e.Name()), What: what}
		}
	}
	if cwd, err := os.Stat("."); err == nil && os.SameFile(cwd, st) {
		own = false // swapping the working directory would leave the shell in a removed one
	}
	return own, nil
}

// OutputError is an output folder the report cannot be written into.
type OutputError struct {
	Path string
	What string
}

func (e *OutputError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language.
func (e *OutputError) Describe(l *wording.Lang) string {
	return l.T("err_output", "Path", e.Path, "What", l.T(e.What))
}

// writeTree writes the files under root, which exists, and syncs them to
// disk. Folders below root are made one level at a time, never root
// itself: once an interrupt has removed root, nothing makes it again.
func writeTree(root string, files map[string]render.Content) error {
	root = filepath.Clean(root) // as filepath.Join and Dir give the paths below it
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	dirs := map[string]bool{root: true}
	for _, name := range names {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := makeDirs(root, filepath.Dir(path), dirs); err != nil {
			return err
		}
	}
	// Each file waits for the disk to take it (fsync): a hundred charts
	// and the large files are written side by side.
	errs := make([]error, len(names))
	parallel.Each(len(names), 8, func(i int) {
		errs[i] = writeSynced(filepath.Join(root, filepath.FromSlash(names[i])), files[names[i]])
	})
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("writing %s: %w", names[i], err)
		}
	}
	for d := range dirs {
		syncDir(d)
	}
	return nil
}

// makeDirs makes dir and the folders between root and it, noting each in made.
func makeDirs(root, dir string, made map[string]bool) error {
	if made[dir] {
		return nil
	}
	if parent := filepath.Dir(dir); parent == dir || !strings.HasPrefix(dir, root+string(filepath.Separator)) {
		return fmt.Errorf("folder %s is not below %s", dir, root)
	}
	if err := makeDirs(root, filepath.Dir(dir), made); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	made[dir] = true
	return nil
}

func writeSynced(path string, data render.Content) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	var werr error
	for _, piece := range data {
		if _, werr = f.Write(piece); werr != nil {
			break
		}
	}
	serr := f.Sync()
	cerr := f.Close()
	return errors.Join(werr, serr, cerr)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// replaceEach moves the new files over the old ones one by one, for a
// folder that holds files of its own; report_files/ keeps only the new
// charts.
func replaceEach(stage, dir string, files map[string]render.Content) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.Rename(filepath.Join(stage, filepath.FromSlash(name)), target); err != nil {
			return err
		}
	}
	old, _ := filepath.Glob(filepath.Join(dir, "report_files", "*.svg"))
	for _, path := range old {
		rel, _ := filepath.Rel(dir, path)
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			os.Remove(path)
		}
	}
	return nil
}

// errNoExchange says the system cannot swap two folders in one step.
var errNoExchange = errors.New("no atomic exchange")
