//go:build !nogui

package app

import (
	"encoding/json"
	"time"

	"fyne.io/fyne/v2"

	"boxuploader/upload/boxapi"
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

// PrefRemembered maps local files to the Box file each last went to.
const PrefRemembered = "targets.remembered"

// rememberedSize is how many local files' targets are remembered.
const rememberedSize = 500

// lastTarget is the Box file a local file last went to: IDs and names
// only, never a token.
type lastTarget struct {
	ID   string    `json:"id"`
	Name string    `json:"name"`
	When time.Time `json:"when"`
}

func loadRemembered(p fyne.Preferences) map[string]lastTarget {
	m := map[string]lastTarget{}
	if json.Unmarshal([]byte(p.String(PrefRemembered)), &m) != nil {
		return map[string]lastTarget{}
	}
	return m
}

// remember notes that the local file at path now is Box file f, keeping
// the most recent rememberedSize.
func remember(p fyne.Preferences, path string, f *boxapi.File) {
	m := loadRemembered(p)
	m[path] = lastTarget{ID: f.ID, Name: f.Name, When: time.Now()}
	for len(m) > rememberedSize {
		oldest := path
		for k, v := range m {
			if v.When.Before(m[oldest].When) {
				oldest = k
			}
		}
		delete(m, oldest)
	}
	storeRemembered(p, m)
}

// forget drops what is remembered of the local file at path.
func forget(p fyne.Preferences, path string) {
	m := loadRemembered(p)
	delete(m, path)
	storeRemembered(p, m)
}

func storeRemembered(p fyne.Preferences, m map[string]lastTarget) {
	if b, err := json.Marshal(m); err == nil {
		p.SetString(PrefRemembered, string(b))
	}
}

// rememberedTarget is the Box file that the local file at path last went to.
func rememberedTarget(p fyne.Preferences, path string) (lastTarget, bool) {
	t, ok := loadRemembered(p)[path]
	return t, ok
}
