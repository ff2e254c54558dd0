//go:build !nogui

package app

import (
	"errors"
	"net"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"boxuploader/auth"
	"boxuploader/upload"
	"boxuploader/widgets"
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

// The network's preference keys; the proxy's password is in the keyring.
const (
	PrefProxyMode = "network.proxy"      // proxySystem (the default), proxyNone or proxyManual
	PrefProxyHost = "network.proxy.host" // host:port of the chosen proxy
	PrefProxyUser = "network.proxy.user" // its user name
	PrefBWLimit   = "network.bwlimit"    // the cap on upload speed in bytes per second, 0 = none
)

// proxyPassword is where the chosen proxy's password is kept: the keyring.
var proxyPassword = auth.KeyringStore{Service: AppID, User: "proxy-password"}

// settingsFrom reads the settings the person chose, but for the proxy's
// password (withProxyPassword).
func settingsFrom(p fyne.Preferences) Settings {
	n := Network{Proxy: p.StringWithFallback(PrefProxyMode, proxySystem), ProxyHost: p.String(PrefProxyHost), ProxyUser: p.String(PrefProxyUser)}
	return Settings{
		ClientID: p.String(PrefClientID), ClientSecret: p.String(PrefClientSecret), RedirectPort: p.Int(PrefRedirectPort),
		Network: n,
	}
}

// withProxyPassword adds to s the chosen proxy's password from the keyring,
// which may take a while (a keyring waiting to be unlocked): never on
// Fyne's goroutine. Without it the proxy refuses, and the sentence says
// where to enter it.
func withProxyPassword(s Settings) Settings {
	if s.Network.Proxy == proxyManual && s.Network.ProxyUser != "" {
		s.Network.ProxyPassword, _ = proxyPassword.Secret()
	}
	return s
}

// parallelFrom is the parts in flight the person chose; 0 (the default)
// lets them follow what the line rewards.
func parallelFrom(p fyne.Preferences) int {
	return p.Int(PrefParallel)
}

// parallelChoices are the Settings' parts in flight; the first is 0.
var parallelChoices = []int{0, 1, 2, 3, 4, 6, 8, 12, upload.MaxParallel}

func parallelLabel(n int) string {
	if n == 0 {
		return lang.L("Automatic")
	}
	return strconv.Itoa(n)
}

// speedChoices are the caps on upload speed the Settings offer, in bytes
// per second; 0 is none.
var speedChoices = []int64{0, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 20_000_000}

func speedLabel(bps int64) string {
	if bps == 0 {
		return lang.L("No limit")
	}
	return formatRate(float64(bps))
}

// settingsForm is the Settings dialog's fields.
type settingsForm struct {
	parallel, speed, proxyMode          *widget.Select
	port, id, secret                    *widget.Entry
	proxyHost, proxyUser, proxyPassword *widget.Entry
	keepSystem                          *widget.Check
	modes                               map[string]string // the proxy choices' labels to their modes
	passwordTyped                       bool              // the proxy's password field was typed into
}

// showSettings edits the settings kept in preferences (the proxy's
// password in the keyring).
func (w *window) showSettings() {
	f := newSettingsForm(w.prefs)
	items := []*widget.FormItem{
		{Text: lang.L("Parts sent at once"), Widget: f.parallel, HintText: lang.L("Automatic: as many as the line rewards")},
		{Text: lang.L("Upload speed"), Widget: f.speed, HintText: lang.L("A limit leaves room for others on a shared line")},
		widget.NewFormItem(lang.L("Proxy"), f.proxyMode),
		{Text: lang.L("Proxy address"), Widget: f.proxyHost, HintText: lang.L("host:port, from your IT department")},
		widget.NewFormItem(lang.L("Proxy user name"), f.proxyUser),
		{Text: lang.L("Proxy password"), Widget: f.proxyPassword, HintText: lang.L("Kept in this computer's keyring")},
		{Text: lang.L("Folders"), Widget: f.keepSystem, HintText: lang.L(".DS_Store, Thumbs.db, desktop.ini, Office's ~$ lock files, .tmp files")},
		{Text: lang.L("Sign-in port"), Widget: f.port, HintText: lang.L("Only if your Box app registers one exact port")},
		{Text: lang.L("Box app client ID"), Widget: f.id, HintText: lang.L("From your administrator")},
		widget.NewFormItem(lang.L("Box app client secret"), f.secret),
	}
	d := dialog.NewForm(lang.L("Settings"), lang.L("Save"), lang.L("Cancel"), items, func(save bool) {
		if save {
			w.saveSettings(f)
		}
	}, w.win)
	d.Resize(fyne.NewSize(620, 0))
	d.Show()
}

// newSettingsForm fills the Settings' fields from p.
func newSettingsForm(p fyne.Preferences) *settingsForm {
	s := settingsFrom(p)
	f := &settingsForm{
		parallel: widget.NewSelect(nil, nil),
		port:     widget.NewEntry(), id: widget.NewEntry(), secret: widget.NewPasswordEntry(),
		proxyHost: widget.NewEntry(), proxyUser: widget.NewEntry(), proxyPassword: widget.NewPasswordEntry(),
		keepSystem: widget.NewCheck(lang.L("Also upload system and temporary files"), nil),
		modes: map[string]string{
			lang.L("Automatic (this computer's settings)"): proxySystem, lang.L("No proxy"): proxyNone, lang.L("This proxy:"): proxyManual,
		},
	}
	for _, n := range parallelChoices {
		f.parallel.Options = append(f.parallel.Options, parallelLabel(n))
	}
	f.parallel.SetSelected(parallelLabel(parallelFrom(p)))
	var speeds []string
	for _, bps := range speedChoices {
		speeds = append(speeds, speedLabel(bps))
	}
	f.speed = widget.NewSelect(speeds, nil)
	f.speed.SetSelected(speedLabel(int64(p.Int(PrefBWLimit))))
	f.port.SetPlaceHolder(lang.L("automatic"))
	if s.RedirectPort > 0 {
		f.port.SetText(strconv.Itoa(s.RedirectPort))
	}
	f.id.SetText(s.ClientID)
	f.secret.SetText(s.ClientSecret)
	f.proxyHost.SetPlaceHolder("proxy.example.co.jp:8080")
	f.proxyHost.SetText(s.Network.ProxyHost)
	f.proxyUser.SetText(s.Network.ProxyUser)
	// The keyring is not read here, on Fyne's goroutine: a password kept
	// is only replaced by one typed.
	f.proxyPassword.SetPlaceHolder(lang.L("(unchanged)"))
	f.proxyPassword.OnChanged = func(string) { f.passwordTyped = true }
	f.keepSystem.SetChecked(p.Bool(PrefKeepSystemFiles))
	f.proxyMode = widget.NewSelect([]string{lang.L("Automatic (this computer's settings)"), lang.L("No proxy"), lang.L("This proxy:")}, f.proxyModeChanged)
	for label, mode := range f.modes {
		if mode == s.Network.Proxy {
			f.proxyMode.SetSelected(label)
		}
	}
	f.proxyHost.Validator = func(text string) error {
		if f.modes[f.proxyMode.Selected] != proxyManual {
			return nil
		}
		if _, port, err := net.SplitHostPort(strings.TrimSpace(text)); err != nil || port == "" {
			return errors.New(lang.L("Give the proxy as host:port, such as proxy.example.co.jp:8080"))
		}
		return nil
	}
	return f
}

// proxyModeChanged enables the proxy's fields only for a proxy of one's own.
func (f *settingsForm) proxyModeChanged(label string) {
	for _, e := range []*widget.Entry{f.proxyHost, f.proxyUser, f.proxyPassword} {
		if f.modes[label] == proxyManual {
			e.Enable()
		} else {
			e.Disable()
		}
	}
	f.proxyHost.Validate()
}

// saveSettings keeps what f says and applies it: the speed at once, to
// uploads already running too; the rest to what starts from now on.
func (w *window) saveSettings(f *settingsForm) {
	for i, label := range f.parallel.Options {
		if label == f.parallel.Selected {
			w.prefs.SetInt(PrefParallel, parallelChoices[i])
		}
	}
	for i, label := range f.speed.Options {
		if label == f.speed.Selected {
			w.prefs.SetInt(PrefBWLimit, int(speedChoices[i]))
			w.be.bw.set(speedChoices[i])
		}
	}
	p, _ := strconv.Atoi(f.port.Text)
	w.prefs.SetInt(PrefRedirectPort, max(0, min(p, 65535)))
	w.prefs.SetString(PrefClientID, f.id.Text)
	w.prefs.SetString(PrefClientSecret, f.secret.Text)
	if f.keepSystem.Checked != w.prefs.Bool(PrefKeepSystemFiles) {
		w.prefs.SetBool(PrefKeepSystemFiles, f.keepSystem.Checked)
		w.replanFolders()
	}
	w.prefs.SetString(PrefProxyMode, f.modes[f.proxyMode.Selected])
	w.prefs.SetString(PrefProxyHost, strings.TrimSpace(f.proxyHost.Text))
	w.prefs.SetString(PrefProxyUser, strings.TrimSpace(f.proxyUser.Text))
	w.reconnect(f.passwordTyped, f.proxyPassword.Text)
}

// reconnect keeps a typed proxy password in the keyring and, out of the
// demo, connects anew with the settings saved; in the background, as the
// keyring may take a while.
func (w *window) reconnect(typed bool, password string) {
	env, bw, demo := w.be.env, w.be.bw, w.be.demo != nil
	w.work.Go(func() {
		var err error
		if typed {
			err = proxyPassword.SetSecret(password)
		}
		var be *backend
		if !demo {
			be = realBackend(env, w.prefs, bw)
		}
		w.ui.do(func() {
			if err != nil {
				dialog.ShowInformation(lang.L("Settings"), Explain(err), w.win)
			}
			if be != nil {
				w.be.close()
				w.be = be
				w.refreshAccount()
			}
		})
	})
}

// replanFolders compares the waiting folders with Box again, as a setting
// that decides what goes changed.
func (w *window) replanFolders() {
	for _, q := range w.rows {
		if q.folder != nil && !q.taken && q.target != nil && (q.state == widgets.StateWaiting || q.state == widgets.StateUpToDate) {
			w.planFolder(q, q.target.folder.ID)
		}
	}
}
