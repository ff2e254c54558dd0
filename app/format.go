package app

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2/lang"
)

// formatSize writes a byte count the way file managers do (decimal units):
// "1.2 GB" in every language, the units being the same in all.
func formatSize(n int64) string {
	const unit = 1000
	if n < unit {
		return lang.XN("size.bytes", "{{.Count}} bytes", int(n), data{"Count": n})
	}
	f := float64(n)
	for _, u := range []string{"KB", "MB", "GB", "TB"} {
		f /= unit
		if f < unit || u == "TB" {
			if f < 10 {
				return fmt.Sprintf("%.1f %s", f, u)
			}
			return fmt.Sprintf("%.0f %s", f, u)
		}
	}
	return ""
}

// formatPercent writes a fraction as a whole percentage ("45%").
func formatPercent(frac float64) string {
	return fmt.Sprintf("%d%%", int(frac*100))
}

// formatRate writes bytes per second ("12 MB/s").
func formatRate(bps float64) string {
	if bps <= 0 {
		return "–"
	}
	return formatSize(int64(bps)) + "/s"
}

// formatETA writes the time left at rate ("2 min left", "残り 2 分"), or ""
// when unknown.
func formatETA(remaining int64, bps float64) string {
	if bps <= 0 || remaining <= 0 {
		return ""
	}
	d := time.Duration(float64(remaining) / bps * float64(time.Second)).Round(time.Second)
	switch {
	case d < time.Minute:
		s := int(d.Seconds())
		return lang.XN("time.left.seconds", "{{.Count}} s left", s, data{"Count": s})
	case d < time.Hour:
		m := int(d.Minutes() + 0.5)
		return lang.XN("time.left.minutes", "{{.Count}} min left", m, data{"Count": m})
	}
	h, m := int(d.Hours()), int(d.Minutes())%60
	return lang.XN("time.left.hours", "{{.Hours}} h {{.Minutes}} min left", h, data{"Hours": h, "Minutes": m})
}

// formatTime writes a moment the way people read it, in local time.
//
// The translation of "format.datetime" is a Go time layout, written with
// Go's reference moment, 2 January 2006 at 15:04: "2 Jan 2006 15:04" in
// English, "2006年1月2日 15:04" in Japanese. A translator changes the order
// and the words around the numbers, never the numbers themselves.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return lang.L("unknown")
	}
	return t.Local().Format(lang.X("format.datetime", "2 Jan 2006 15:04"))
}
