//go:build !nogui

package app

import (
	"encoding/json"
	"time"

	"fyne.io/fyne/v2"
)

// historySize is how many recent uploads are remembered.
const historySize = 20

// historyEntry is one finished upload, as the history shows it.
type historyEntry struct {
	File   string    `json:"file"`   // local file name
	Target string    `json:"target"` // Box file or folder name
	ID     string    `json:"id"`     // Box file ID, when uploaded
	When   time.Time `json:"when"`
	Result string    `json:"result"` // the row's final status sentence
	OK     bool      `json:"ok"`
}

func loadHistory(p fyne.Preferences) []historyEntry {
	var h []historyEntry
	if json.Unmarshal([]byte(p.String(PrefHistory)), &h) != nil {
		return nil
	}
	return h
}

func addHistory(p fyne.Preferences, e historyEntry) []historyEntry {
	h := append([]historyEntry{e}, loadHistory(p)...)
	if len(h) > historySize {
		h = h[:historySize]
	}
	if b, err := json.Marshal(h); err == nil {
		p.SetString(PrefHistory, string(b))
	}
	return h
}

// showHistory lists the recent uploads, newest first.
func (w *window) showHistory(h []historyEntry) {
	if len(h) == 0 {
		w.history.SetText(nothingUploadedSentence())
		return
	}
	text := ""
	for _, e := range h {
		text += historyLine(e.When, e.File, e.Target, e.Result) + "\n"
	}
	w.history.SetText(text)
}
