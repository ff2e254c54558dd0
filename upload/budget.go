package upload

import (
	"context"
	"sync"
	"time"
)

// MinParallel is the fewest parts in flight an adaptive budget goes down to.
const MinParallel = 2

// Budget is one limit of parts in flight for several uploads at once: a
// queue of files shares it through Client.Budget, so that small files go
// several at a time and big ones in parts. Each part being sent, and each
// small file being sent, is one flight. Part buffers are one more than the
// flights allowed, so that the next part is read while the others fly:
// memory stays at (parts in flight + 1) × part size however many files
// there are.
//
// A pinned budget (NewBudget(n), n ≥ 1) lets n fly. An adaptive one
// (NewBudget(0)) starts at DefaultParallel and finds how many the link
// rewards from the throughput of what lands: it grows by half while
// throughput grows with it, then by one while that pays, steps back when
// it does not, probes again now and then, and halves when Box answers 429
// or a connection stalls; always between MinParallel and MaxParallel (see
// tuner).
type Budget struct {
	mu      sync.Mutex
	wake    chan struct{} // closed, and replaced, when a flight or buffer frees or the limit changes
	limit   int           // flights allowed now
	lo, hi  int           // the limit's bounds; equal when pinned
	flying  int           // flights now
	buffers int           // part buffers out
	spare   [][]byte      // part buffers to reuse
	tune    tuner
}

// NewBudget returns a budget of n parts in flight (at most MaxParallel),
// or an adaptive one when n < 1.
func NewBudget(n int) *Budget {
	b := &Budget{wake: make(chan struct{}), lo: MinParallel, hi: MaxParallel, limit: DefaultParallel}
	if n >= 1 {
		n = min(n, MaxParallel)
		b.lo, b.hi, b.limit = n, n, n
	}
	b.tune.hold = 1 // the first window warms up: connections, the reader, the file's pages
	b.tune.restart(time.Now(), 0)
	return b
}

// Size is the most parts the budget may let fly at once: its size when
// pinned, MaxParallel when adaptive.
func (b *Budget) Size() int { return b.hi }

// Limit is how many parts the budget lets fly now.
func (b *Budget) Limit() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.limit
}

// await waits until ready (called with b.mu held) holds, then runs then
// with b.mu still held.
func (b *Budget) await(ctx context.Context, ready func() bool, then func()) error {
	for {
		b.mu.Lock()
		if ready() {
			then()
			b.mu.Unlock()
			return nil
		}
		wake := b.wake
		b.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return canceled(ctx)
		}
	}
}

// changed wakes everyone waiting. b.mu must be held.
func (b *Budget) changed() {
	close(b.wake)
	b.wake = make(chan struct{})
}

// take waits for a part buffer of size bytes; give hands it back.
func (b *Budget) take(ctx context.Context, size int64) ([]byte, error) {
	var buf []byte
	err := b.await(ctx, func() bool { return b.buffers < b.bufferLimit() }, func() {
		b.buffers++
		if n := len(b.spare); n > 0 {
			buf, b.spare = b.spare[n-1], b.spare[:n-1]
		}
	})
	if err != nil {
		return nil, err
	}
	if int64(cap(buf)) < size {
		buf = make([]byte, size)
	}
	return buf[:cap(buf)], nil
}

// bufferLimit is how many part buffers may be out: one per flight, and
// one read ahead, except while the tuner probes one flight more than it
// settled on: that flight takes the buffer read ahead, so that probing
// costs no memory. b.mu must be held.
func (b *Budget) bufferLimit() int {
	if b.tune.probing(b.limit) {
		return b.limit
	}
	return b.limit + 1
}

func (b *Budget) give(buf []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buffers--
	if b.buffers+len(b.spare) < b.bufferLimit() { // a smaller limit lets the rest go
		b.spare = append(b.spare, buf)
	}
	b.changed()
}

// flight is one part or small file in the air.
type flight struct {
	gen   int // the tuner's generation when it took off
	start time.Time
}

// fly waits until one more part may fly.
func (b *Budget) fly(ctx context.Context) (flight, error) {
	var f flight
	err := b.await(ctx, func() bool { return b.flying < b.limit }, func() {
		now := time.Now()
		b.tune.busyUntil(now, b.flying)
		b.flying++
		f = flight{gen: b.tune.gen, start: now}
	})
	return f, err
}

// land ends a flight that carried n bytes (0 when it failed) and lets
// the tuner learn from it.
func (b *Budget) land(f flight, n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	b.tune.busyUntil(now, b.flying)
	b.flying--
	if n > 0 && f.gen == b.tune.gen && b.lo < b.hi {
		b.tune.add(n, now.Sub(f.start))
		if next, ok := b.tune.decide(b.limit, b.hi, now); ok {
			b.limit = next
			b.tune.restart(now, b.flying)
		}
	}
	b.changed()
}

// read tells the tuner that a reader read and hashed n bytes in d: more
// flights than the readers can feed would not help.
func (b *Budget) read(n int64, d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tune.read(n, d)
}

// congested halves the limit of an adaptive budget: Box asked to slow down
// (429), or a connection stalled.
func (b *Budget) congested() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.lo == b.hi {
		return
	}
	b.limit = max(b.lo, b.limit/2)
	b.tune.backOff(time.Now(), b.flying)
	b.changed()
}

// budget is where one upload's parts get their memory and flights: the
// client's budget, shared with other uploads, or one of its own.
func (c *Client) budget() *Budget {
	if c.Budget != nil {
		return c.Budget
	}
	return NewBudget(c.Parallel)
}
