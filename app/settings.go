//go:build !nogui

package app

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"boxuploader/upload"
)

// Preference keys. Preferences hold settings and the upload history, never
// a token.
const (
	PrefParallel     = "upload.parallel"    // parts in flight
	PrefRedirectPort = "auth.redirect_port" // fixed sign-in port, 0 = any free one
	PrefClientID     = "auth.client_id"     // the organisation's Box app
	PrefClientSecret = "auth.client_secret" // its secret (not a token: it signs nobody in)
	PrefHistory      = "history.recent"     // JSON list of historyEntry
	// PrefKeepSystemFiles uploads a folder's system and temporary files too.
	PrefKeepSystemFiles = "upload.keep_system_files"
)

// settingsFrom reads the settings the person chose.
func settingsFrom(p fyne.Preferences) Settings {
	return Settings{ClientID: p.String(PrefClientID), ClientSecret: p.String(PrefClientSecret), RedirectPort: p.Int(PrefRedirectPort)}
}

// parallelFrom is the parts in flight the person chose.
func parallelFrom(p fyne.Preferences) int {
	return p.IntWithFallback(PrefParallel, upload.DefaultParallel)
}

// showSettings edits the settings kept in preferences.
func (w *window) showSettings() {
	parallel := widget.NewSelect([]string{"1", "2", "3", "4", "6", "8"}, nil)
	parallel.SetSelected(strconv.Itoa(parallelFrom(w.prefs)))
	s := settingsFrom(w.prefs)
	port := widget.NewEntry()
	port.SetPlaceHolder(lang.L("automatic"))
	if s.RedirectPort > 0 {
		port.SetText(strconv.Itoa(s.RedirectPort))
	}
	id := widget.NewEntry()
	id.SetText(s.ClientID)
	secret := widget.NewPasswordEntry()
	secret.SetText(s.ClientSecret)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Parts sent at once"), parallel),
		widget.NewFormItem(lang.L("Sign-in port"), port),
		widget.NewFormItem(lang.L("Box app client ID"), id),
		widget.NewFormItem(lang.L("Box app client secret"), secret),
	}
	keepSystem := widget.NewCheck(lang.L("Also upload system and temporary files"), nil)
	keepSystem.SetChecked(w.prefs.Bool(PrefKeepSystemFiles))
	items = append(items, widget.NewFormItem(lang.L("Folders"), keepSystem))
	items[4].HintText = lang.L(".DS_Store, Thumbs.db, desktop.ini, Office's ~$ lock files, .tmp files")
	items[1].HintText = lang.L("Only if your Box app registers one exact port")
	items[2].HintText = lang.L("From your administrator")
	d := dialog.NewForm(lang.L("Settings"), lang.L("Save"), lang.L("Cancel"), items, func(save bool) {
		if !save {
			return
		}
		if n, err := strconv.Atoi(parallel.Selected); err == nil {
			w.prefs.SetInt(PrefParallel, n)
		}
		p, _ := strconv.Atoi(port.Text)
		w.prefs.SetInt(PrefRedirectPort, max(0, min(p, 65535)))
		w.prefs.SetString(PrefClientID, id.Text)
		w.prefs.SetString(PrefClientSecret, secret.Text)
		w.prefs.SetBool(PrefKeepSystemFiles, keepSystem.Checked)
		if w.be.demo == nil {
			w.be.close()
			w.be = realBackend(w.be.env, w.prefs)
			w.refreshAccount()
		}
	}, w.win)
	d.Resize(fyne.NewSize(560, 400))
	d.Show()
}
