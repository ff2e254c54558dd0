package upload

import "time"

// tuner learns, for an adaptive Budget, how many flights the link
// rewards. It measures in windows: each starts when the limit was last
// decided and ends once as many flights as the limit, all taken off in
// it, have landed, and minWindow has passed. Throughput in a window is what one flight carries
// per second of flight, times the flights in the air on average: flights
// that cannot all be kept busy (a slow disk, the end of a file) do not
// count as throughput that more flights would have brought.
type tuner struct {
	gen     int       // the window's number: flights from earlier ones do not count
	since   time.Time // when the window started: zero until something flies
	lastAt  time.Time // when the number of flights last changed
	busy    float64   // flights in the air × seconds, since the window started
	bytes   int64     // carried by the window's flights that landed
	airtime float64   // their times in flight, summed, in seconds
	landed  int       // their number

	prevRate   float64 // the best throughput seen at prevLimit, bytes/s (0: none since a back-off)
	prevLimit  int     // the last limit that paid
	steady     bool    // past the first growth: one more flight at a time
	confirming bool    // more flights paid in one window: the next must agree
	hold       int     // windows to stay before probing one more flight
	readRate   float64 // how fast a reader reads and hashes parts, bytes/s (0: no parts read yet)
}

// read folds a reader's n bytes in d into readRate.
func (t *tuner) read(n int64, d time.Duration) {
	if d <= 0 {
		return
	}
	r := float64(n) / d.Seconds()
	if t.readRate == 0 {
		t.readRate = r
		return
	}
	t.readRate += (r - t.readRate) / 8
}

// restart begins a window, at once if flights are in the air, else at
// the first takeoff: the time before (a session being opened) is no
// measure of the link.
func (t *tuner) restart(now time.Time, flying int) {
	t.gen++
	t.since, t.lastAt = time.Time{}, now
	if flying > 0 {
		t.since = now
	}
	t.busy, t.bytes, t.airtime, t.landed = 0, 0, 0, 0
}

// busyUntil adds the time since the last change, with flying flights in
// the air, to the window's busy time.
func (t *tuner) busyUntil(now time.Time, flying int) {
	if t.since.IsZero() {
		t.since = now
	}
	t.busy += float64(flying) * now.Sub(t.lastAt).Seconds()
	t.lastAt = now
}

// add counts a flight of the window that carried n bytes in d.
func (t *tuner) add(n int64, d time.Duration) {
	t.bytes += n
	t.airtime += d.Seconds()
	t.landed++
}

// backOff forgets what was learnt after Box or the network said "slower":
// growth starts again from the new limit, one flight at a time, after a
// few windows.
func (t *tuner) backOff(now time.Time, flying int) {
	t.prevRate, t.prevLimit = 0, 0
	t.steady, t.hold = true, 3
	t.restart(now, flying)
}

// minWindow is the shortest window: on a fast link parts land so often
// that shorter ones measure the machine's hiccups rather than the link.
const minWindow = 500 * time.Millisecond

// decide ends the window if it has seen enough flights land (ok) and
// returns the limit for the next one. It grows by half while the flights
// added bring at least a third of their share of throughput (4 to 6
// flights: 16.7% more); after that, by one flight that must bring half
// its share (6 to 7: 8.3% more). A gain short of two thirds of the share
// must show in two windows running. Flights that do not pay are dropped:
// after a step of more than one, the limit goes to one more than before
// it; else back to where it was, for a few windows before probing again.
// Growing by half rather than doubling keeps memory nearer what the link
// needs: each flight holds a part.
func (t *tuner) decide(limit, hi int, now time.Time) (next int, ok bool) {
	if t.landed < max(2, limit) || now.Sub(t.since) < minWindow {
		return limit, false
	}
	flying := t.busy / now.Sub(t.since).Seconds() // on average
	rate := float64(t.bytes) / t.airtime * flying
	if limit > t.prevLimit && t.prevRate > 0 {
		added := float64(limit-t.prevLimit) / float64(t.prevLimit)
		share := added / 3
		if t.steady {
			share = added / 2
		}
		switch {
		case rate < t.prevRate*(1+share) && limit-t.prevLimit > 1:
			t.steady, t.confirming = true, false
			return t.prevLimit + 1, true
		case rate < t.prevRate*(1+share):
			t.steady, t.confirming, t.hold = true, false, 8
			return t.prevLimit, true
		case !t.confirming && rate < t.prevRate*(1+2*added/3):
			t.confirming = true // a modest gain: once more, lest noise be taken for one
			return limit, true
		}
		t.confirming = false
	}
	if limit == t.prevLimit {
		// Staying: more flights will have to beat the best it did, not
		// a window where the machine was busy elsewhere.
		rate = max(rate, t.prevRate)
	}
	t.prevRate, t.prevLimit = rate, limit
	switch {
	case t.hold > 0:
		t.hold--
		return limit, true
	case limit >= hi, flying < float64(limit)-0.5, t.readRate > 0 && rate > t.readRate*3/4:
		// More flights could not be kept in the air either: the reader,
		// hashing the whole file, is near its own speed (the disk or the
		// machine is slower than the link), or the file's end is near.
		return limit, true
	case t.steady:
		return limit + 1, true
	}
	return min(limit*3/2, hi), true
}

// probing tells whether limit is one flight above where the tuner
// settled, to see whether it pays.
func (t *tuner) probing(limit int) bool {
	return t.steady && t.prevLimit > 0 && limit == t.prevLimit+1
}
