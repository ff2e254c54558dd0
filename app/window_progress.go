//go:build !nogui

package app

import (
	"time"

	"fyne.io/fyne/v2"

	"boxuploader/widgets"
)

// paintEvery is how often progress is drawn at most.
const paintEvery = 100 * time.Millisecond

// throttle lets a painting run at most every paintEvery, and runs the last
// one asked for within that time once it is over.
type throttle struct {
	last time.Time
	due  bool
}

// throttled runs paint through t, on the window's goroutine.
func (w *window) throttled(t *throttle, paint func()) {
	if t.due {
		return
	}
	wait := paintEvery - time.Since(t.last)
	if wait <= 0 {
		t.last = time.Now()
		paint()
		return
	}
	t.due = true
	w.work.Add(1)
	time.AfterFunc(wait, func() {
		defer w.work.Done()
		w.ui.do(func() {
			t.due, t.last = false, time.Now()
			paint()
		})
	})
}

// rateMeter is the speed of bytes sent over the last few seconds.
type rateMeter struct {
	samples []rateSample
}

type rateSample struct {
	at   time.Time
	sent int64
}

// rateWindow is how far back a rateMeter looks.
const rateWindow = 5 * time.Second

// add notes that sent bytes had gone by now.
func (m *rateMeter) add(now time.Time, sent int64) {
	m.samples = append(m.samples, rateSample{now, sent})
	for len(m.samples) > 2 && now.Sub(m.samples[1].at) > rateWindow {
		m.samples = m.samples[1:]
	}
}

// rate is bytes per second, or 0 before there is a second's worth.
func (m *rateMeter) rate() float64 {
	if len(m.samples) < 2 {
		return 0
	}
	first, last := m.samples[0], m.samples[len(m.samples)-1]
	d := last.at.Sub(first.at)
	if d < time.Second {
		return 0
	}
	return float64(last.sent-first.sent) / d.Seconds()
}

// showOverall shows the batch's progress under the queue: bytes and files
// sent of all that is being uploaded, and the time left.
func (w *window) showOverall() {
	w.throttled(&w.overallPaint, func() {
		if !w.running {
			w.overall.Hide()
			return
		}
		var sent, total int64
		done, files := 0, 0
		for _, q := range w.batch {
			sent, total = sent+q.sent, total+q.size
			switch {
			case q.folder != nil:
				done, files = done+q.folder.done, files+q.folder.files
			default:
				files++
				if q.state.Ended() {
					done++
				}
			}
		}
		w.overallRate.add(time.Now(), sent)
		frac := 0.0
		if total > 0 {
			frac = float64(sent) / float64(total)
		}
		w.overallBar.TextFormatter = func() string { return formatPercent(frac) }
		w.overallBar.SetValue(frac)
		w.overallText.SetText(overallSentence(sent, total, done, files, w.overallRate.rate()))
		w.overall.Show()
		w.win.SetTitle(progressTitle(formatPercent(frac), w.title))
	})
}

// batchEnded puts the title back and, if the window is not in front, says
// in a notification how the batch ended.
func (w *window) batchEnded() {
	w.win.SetTitle(w.title)
	if !w.behind {
		return
	}
	uploaded, failed := 0, 0
	for _, q := range w.batch {
		switch {
		case q.folder != nil:
			uploaded += q.folder.result.NewFiles + q.folder.result.NewVersions
			failed += q.folder.result.Failed + q.folder.result.Refused
		case q.state == widgets.StateDone:
			uploaded++
		case q.state == widgets.StateFailed:
			failed++
		}
	}
	if uploaded+failed > 0 { // else all was cancelled: the person knows
		w.app.SendNotification(fyne.NewNotification(batchEndedSentences(uploaded, failed)))
	}
}
