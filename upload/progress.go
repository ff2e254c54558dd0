package upload

import (
	"sync"
	"sync/atomic"
	"time"
)

// Phase is the step an upload is in.
type Phase int

// The phases of an upload, in order.
const (
	PhasePreparing Phase = iota // checking the file and the target, hashing a small file
	PhaseUploading              // sending bytes
	PhaseFinishing              // committing; Box is assembling the parts
	PhaseDone                   // Box confirmed the new version
)

// Progress is a snapshot of an upload. Sent and Confirmed never decrease.
type Progress struct {
	Phase      Phase
	Sent       int64   // bytes handed to the network, including parts not yet confirmed
	Confirmed  int64   // bytes Box has confirmed it stored
	Total      int64   // file size
	PartsDone  int     // parts Box confirmed (chunked uploads; 0 for a simple upload)
	PartsTotal int     // parts in the session
	Rate       float64 // bytes per second over the last few seconds
	// WaitingForNetwork is true while requests fail to reach Box and are
	// being retried.
	WaitingForNetwork bool
}

// rateWindow is how far back the smoothed rate looks.
const rateWindow = 5 * time.Second

// reporter delivers progress to a callback from its own goroutine, so the
// workers that update it never wait for the callback: updates only touch
// atomics and nudge a channel with room for one.
type reporter struct {
	fn       func(Progress)
	interval time.Duration

	phase      atomic.Int32
	confirmed  atomic.Int64
	partsDone  atomic.Int32
	partsTotal atomic.Int32
	netDown    atomic.Int32 // requests retrying network errors
	hasReached atomic.Bool  // some request of this upload got an answer from Box
	total      int64

	mu       sync.Mutex // guards inflight
	inflight []*atomic.Int64

	nudge chan struct{}
	stop  chan struct{} // closed by close: no more waiting between updates
	done  chan struct{}

	lastSent int64
	samples  []sample
}

type sample struct {
	at   time.Time
	sent int64
}

func newReporter(fn func(Progress), total int64, interval time.Duration) *reporter {
	if interval <= 0 {
		interval = 100 * time.Millisecond
	}
	r := &reporter{
		fn: fn, interval: interval, total: total,
		nudge: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
	}
	go r.run()
	return r
}

// counter returns a byte counter for one request body in flight; its bytes
// count as sent until release.
func (r *reporter) counter() *atomic.Int64 {
	c := new(atomic.Int64)
	r.mu.Lock()
	r.inflight = append(r.inflight, c)
	r.mu.Unlock()
	return c
}

func (r *reporter) release(c *atomic.Int64) {
	r.mu.Lock()
	for i, x := range r.inflight {
		if x == c {
			r.inflight = append(r.inflight[:i], r.inflight[i+1:]...)
			break
		}
	}
	r.mu.Unlock()
	r.poke()
}

func (r *reporter) setPhase(p Phase) { r.phase.Store(int32(p)); r.poke() }

func (r *reporter) setParts(total int) { r.partsTotal.Store(int32(total)); r.poke() }

// confirm records n bytes (and one part, if part) that Box acknowledged.
func (r *reporter) confirm(n int64, part bool) {
	r.confirmed.Add(n)
	if part {
		r.partsDone.Add(1)
	}
	r.poke()
}

// networkDown and networkBack bracket a request's network retries. They
// accept a nil reporter (requests outside an upload).
func (r *reporter) networkDown() {
	if r != nil {
		r.netDown.Add(1)
		r.poke()
	}
}

func (r *reporter) networkBack() {
	if r != nil {
		r.netDown.Add(-1)
		r.poke()
	}
}

// reached records that Box answered; reachedBox tells. Both accept nil.
func (r *reporter) reached() {
	if r != nil {
		r.hasReached.Store(true)
	}
}

func (r *reporter) reachedBox() bool { return r != nil && r.hasReached.Load() }

func (r *reporter) poke() {
	select {
	case r.nudge <- struct{}{}:
	default:
	}
}

func (r *reporter) run() {
	defer close(r.done)
	var last time.Time
	for range r.nudge {
		if wait := r.interval - time.Since(last); wait > 0 && !last.IsZero() {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-r.stop: // close delivers the final state at once
				t.Stop()
				return
			}
		}
		last = time.Now()
		r.fn(r.snapshot(last))
	}
}

// close delivers the final state and stops the goroutine, without waiting
// out the interval: a small upload ends when Box answers, not 100 ms
// later. Call it once, after every updater has returned.
func (r *reporter) close() {
	close(r.stop)
	close(r.nudge)
	<-r.done
	r.fn(r.snapshot(time.Now()))
}

func (r *reporter) snapshot(now time.Time) Progress {
	p := Progress{
		Phase:      Phase(r.phase.Load()),
		Confirmed:  r.confirmed.Load(),
		Total:      r.total,
		PartsDone:  int(r.partsDone.Load()),
		PartsTotal: int(r.partsTotal.Load()),

		WaitingForNetwork: r.netDown.Load() > 0,
	}
	sent := p.Confirmed
	r.mu.Lock()
	for _, c := range r.inflight {
		sent += c.Load()
	}
	r.mu.Unlock()
	// A retried part starts its count again; never let the figure go back.
	r.lastSent = min(max(r.lastSent, sent), r.total)
	p.Sent = r.lastSent

	r.samples = append(r.samples, sample{now, p.Sent})
	for len(r.samples) > 2 && now.Sub(r.samples[0].at) > rateWindow {
		r.samples = r.samples[1:]
	}
	if first := r.samples[0]; now.Sub(first.at) > 0 {
		p.Rate = float64(p.Sent-first.sent) / now.Sub(first.at).Seconds()
	}
	return p
}
