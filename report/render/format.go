// Package render turns computed metrics into the report's outputs:
// metrics.json and report.md. It formats and lays out; it never computes a
// figure (those come from package metrics).
package render

import "math"

// round1 rounds half away from zero to one decimal: day figures and CEI.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// round4 rounds half away from zero to four decimals: shares.
func round4(v float64) float64 { return math.Round(v*10000) / 10000 }
