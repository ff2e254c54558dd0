package app

import (
	"fmt"
	"time"
)

// formatSize writes a byte count the way file managers do (decimal units).
func formatSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
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

// formatRate writes bytes per second.
func formatRate(bps float64) string {
	if bps <= 0 {
		return "–"
	}
	return formatSize(int64(bps)) + "/s"
}

// formatETA writes the time left at rate, or "" when unknown.
func formatETA(remaining int64, bps float64) string {
	if bps <= 0 || remaining <= 0 {
		return ""
	}
	d := time.Duration(float64(remaining) / bps * float64(time.Second)).Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s left", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min left", int(d.Minutes()+0.5))
	}
	return fmt.Sprintf("%d h %d min left", int(d.Hours()), int(d.Minutes())%60)
}

// formatTime writes a moment the way people read it, in local time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.Local().Format("2 Jan 2006 15:04")
}
