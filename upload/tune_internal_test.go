package upload

import (
	"testing"
	"time"
)

// simulate runs a tuner against a model link for a number of windows and
// returns the limits it chose. Each flight carries a part at
// min(perConn, link/flights) bytes per second, plus a round trip; noise
// scales each window's rates (1 = none).
func simulate(perConn, link float64, hi, windows int, noise func(i int) float64) []int {
	const part, rtt = 8 << 20, 40 * time.Millisecond
	t := tuner{hold: 1}
	now := time.Unix(0, 0)
	t.restart(now, 0)
	limit := DefaultParallel
	var limits []int
	for i := range windows {
		rate := min(perConn, link/float64(limit)) * noise(i)
		flight := time.Duration(part/rate*float64(time.Second)) + rtt
		t.busyUntil(now, 0)
		now = now.Add(max(flight, minWindow))
		t.busyUntil(now, limit)
		for range limit {
			t.add(part, flight)
		}
		next, ok := t.decide(limit, hi, now)
		if !ok {
			continue
		}
		limit = next
		limits = append(limits, limit)
		t.restart(now, limit)
	}
	return limits
}

func steady(int) float64 { return 1 }

func TestTuner_FindsWhatTheLinkRewards(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name         string
		perConn, lnk float64
		noise        func(int) float64
		lo, hi       int // where the limit must end up
	}{
		{"20 MB/s per connection, 100 MB/s link", 20e6, 100e6, steady, 5, 7},
		{"20 MB/s per connection, 400 MB/s link", 20e6, 400e6, steady, MaxParallel, MaxParallel},
		{"one connection fills the link (loopback, CPU-bound)", 400e6, 400e6, steady, DefaultParallel, DefaultParallel},
		{"the same, each window ±20%", 400e6, 400e6, func(i int) float64 { return 1 + 0.2*float64(i%3-1) }, DefaultParallel, DefaultParallel + 1},
	}
	for _, c := range cases {
		limits := simulate(c.perConn, c.lnk, MaxParallel, 60, c.noise)
		t.Logf("%s: %v", c.name, limits)
		if got := limits[len(limits)-1]; got < c.lo || got > c.hi {
			t.Errorf("%s: ended at %d parts in flight, want %d..%d; the limits: %v", c.name, got, c.lo, c.hi, limits)
		}
	}
}

func TestBudget_CongestionHalvesAdaptiveOnly(t *testing.T) {
	t.Parallel()
	adaptive, pinned := NewBudget(0), NewBudget(3)
	for range 3 {
		adaptive.congested()
		pinned.congested()
	}
	if got := adaptive.Limit(); got != MinParallel {
		t.Errorf("adaptive budget after three 429s: %d parts in flight, want %d", got, MinParallel)
	}
	if got := pinned.Limit(); got != 3 {
		t.Errorf("pinned budget moved to %d", got)
	}
}
