package app

import (
	"strings"

	"github.com/xrash/smetrics"
)

// nearestCommand is the command within two typing mistakes of s (a letter
// wrong, missing or added), or "".
func nearestCommand(s string) string {
	best, bestDist := "", 3
	for _, c := range commands {
		if strings.HasPrefix(c, "-") {
			continue
		}
		if d := smetrics.WagnerFischer(s, c, 1, 1, 1); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
