package parallel

// Lanes lets at most a given number of tasks run at once. A step of many
// short tasks and one long one (a serial stream) gives the long one a lane
// of its own from the start and the short ones a lane each while they
// run: left to share the cores evenly, the long task ends alone on one
// core while the others are idle.
type Lanes struct{ free chan struct{} }

// NewLanes returns n lanes (at least one).
func NewLanes(n int) *Lanes { return &Lanes{free: make(chan struct{}, max(1, n))} }

// Run calls fn in a lane, once one is free. Nil Lanes bound nothing. A
// task never waits for a lane while it holds one, or the lanes could all
// be waiting.
func (l *Lanes) Run(fn func()) {
	if l == nil {
		fn()
		return
	}
	l.free <- struct{}{}
	defer func() { <-l.free }()
	fn()
}
