// Command arbench times whole arreport runs on large generated inputs and
// sets them against the floor measured in the same run: decompressing the
// sheet (unzip -p) for xlsx, reading the file (cat) for CSV. Inputs are
// made by cmd/gensamples and cached in -data between runs.
//
//	go run ./cmd/arbench              # every case
//	go run ./cmd/arbench -cases xlsx-100k-shared,csv-1m,samples
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// benchCase is one input of the benchmark.
type benchCase struct {
	name     string
	invoices int
	format   string // xlsx or csv
	strings  string // shared or inline (xlsx)
	activity int    // rows of the activity export read beside; 0: none
}

var cases = []benchCase{
	{"xlsx-100k-shared", 100_000, "xlsx", "shared", 0},
	{"xlsx-100k-inline", 100_000, "xlsx", "inline", 0},
	{"xlsx-1m-shared", 1_000_000, "xlsx", "shared", 0},
	{"xlsx-1m-inline", 1_000_000, "xlsx", "inline", 0},
	{"xlsx-1m-activity-1m", 1_000_000, "xlsx", "inline", 1_000_000},
	{"csv-1m", 1_000_000, "csv", "", 0},
	{"csv-1m-activity-1m", 1_000_000, "csv", "", 1_000_000},
	{"csv-10m", 10_000_000, "csv", "", 0},
}

func main() {
	data := flag.String("data", filepath.Join("out", "bench"), "where generated inputs are cached")
	only := flag.String("cases", "", "comma-separated case names (default: all)")
	flag.Parse()
	if err := run(*data, *only); err != nil {
		fmt.Fprintln(os.Stderr, "arbench:", err)
		os.Exit(1)
	}
}

func run(dir, only string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	bin := filepath.Join(dir, "arreport")
	gen := filepath.Join(dir, "gensamples")
	for _, b := range [][2]string{{bin, "./cmd/arreport"}, {gen, "./cmd/gensamples"}} {
		if out, err := exec.Command("go", "build", "-o", b[0], b[1]).CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", b[1], err, out)
		}
	}
	fmt.Printf("machine: %s/%s, %d CPUs, %s\n\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel())
	fmt.Println("| input | invoices | file | floor | arreport | ratio | peak memory |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|")
	for _, c := range cases {
		if only != "" && !strings.Contains(","+only+",", ","+c.name+",") {
			continue
		}
		in, err := ensureInput(gen, dir, c)
		if err != nil {
			return err
		}
		floor, err := measureFloor(c, in)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, "report-"+c.name)
		args := []string{"--invoices", in, "--clients", filepath.Join(filepath.Dir(in), "clients."+c.format), "--out", out, "--quiet"}
		if c.activity > 0 {
			args = append(args, "--activity", filepath.Join(filepath.Dir(in), "activity."+c.format))
		}
		wall, rss, err := timeCmd(bin, args...)
		if err != nil {
			return fmt.Errorf("%s: %v", c.name, err)
		}
		st, _ := os.Stat(in)
		fmt.Printf("| %s | %d | %d MB | %.2f s | %.2f s | %.1fx | %d MB |\n",
			c.name, c.invoices, st.Size()>>20, floor.Seconds(), wall.Seconds(), wall.Seconds()/floor.Seconds(), rss>>20)
	}
	if only == "" || strings.Contains(","+only+",", ",samples,") {
		// The bundled sample company: the run of the README's first command.
		wall, rss, err := timeCmd(bin, "--out", filepath.Join(dir, "report-samples"), "--quiet")
		if err != nil {
			return fmt.Errorf("samples: %v", err)
		}
		fmt.Printf("| samples (bundled) | about 2,000 | | | %.2f s | | %d MB |\n", wall.Seconds(), rss>>20)
	}
	return nil
}

// ensureInput generates a case's files unless they are cached.
func ensureInput(gen, dir string, c benchCase) (string, error) {
	caseDir := filepath.Join(dir, c.name)
	in := filepath.Join(caseDir, "invoices."+c.format)
	if _, err := os.Stat(in); err == nil {
		return in, nil
	}
	args := []string{"-out", caseDir, "-invoices", fmt.Sprint(c.invoices), "-format", c.format}
	if c.strings != "" {
		args = append(args, "-strings", c.strings)
	}
	if c.activity > 0 {
		args = append(args, "-activities", fmt.Sprint(c.activity))
	}
	start := time.Now()
	if out, err := exec.Command(gen, args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("generating %s: %v\n%s", c.name, err, out)
	}
	fmt.Fprintf(os.Stderr, "generated %s in %s\n", c.name, time.Since(start).Round(time.Second))
	return in, nil
}

// measureFloor times the least any reader must do: decompress the sheet
// or read the file, of the invoices and of the activity export when the
// case reads one.
func measureFloor(c benchCase, in string) (time.Duration, error) {
	files := []string{in}
	if c.activity > 0 {
		files = append(files, filepath.Join(filepath.Dir(in), "activity."+c.format))
	}
	devnull, _ := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	defer devnull.Close()
	start := time.Now()
	for _, f := range files {
		cmd := exec.Command("cat", f)
		if c.format == "xlsx" {
			cmd = exec.Command("unzip", "-p", f, "xl/worksheets/sheet1.xml")
		}
		cmd.Stdout = devnull
		if err := cmd.Run(); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// timeCmd runs a command and returns its wall time and peak resident memory.
func timeCmd(name string, args ...string) (time.Duration, int64, error) {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, err
	}
	wall := time.Since(start)
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return wall, rss, nil
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "model name") {
			return strings.TrimSpace(strings.SplitN(line, ":", 2)[1])
		}
	}
	return "unknown CPU"
}
