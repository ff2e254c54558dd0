//go:build !nogui

package app

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"boxuploader/upload"
)

// refreshAccount finds out who is signed in and shows it.
func (w *window) refreshAccount() {
	w.setup.RemoveAll()
	if !w.be.canSignIn() {
		w.signed = false
		w.account.SetSignedOut(lang.L("Not signed in"))
		w.showSetup()
		w.update()
		return
	}
	w.account.SetBusy(lang.L("Checking your Box account…"), false)
	client := w.be.client
	w.goWork(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		u, err := client.CurrentUser(ctx)
		runOnMain(func() {
			w.signed = err == nil
			if err != nil {
				w.user = nil
				w.account.SetSignedOut(lang.L("Not signed in"))
				if upload.KindOf(err) != upload.KindSignInNeeded && !isNotSignedIn(err) {
					w.preview.SetMessage(Explain(err), true)
				}
			} else {
				w.user = u
				w.account.SetSignedIn(u.Name, u.Login, lang.L("{{.Used}} of {{.Total}} used", data{"Used": formatSize(u.SpaceUsed), "Total": formatSize(u.SpaceAmount)}))
			}
			w.targetChanged(w.target.Text) // look the target up now that we can
		})
	})
}

// showSetup explains, when no Box app is configured, what is missing and
// offers the two ways on: an administrator's settings, or the demo.
func (w *window) showSetup() {
	text := widget.NewLabel(lang.L("To sign in, this app needs your organisation's Box app: a client ID and a client secret, which your administrator can give you. You can also try the app first with a pretend Box."))
	text.Wrapping = fyne.TextWrapWord
	settings := widget.NewButton(lang.L("Enter Box app details…"), w.showSettings)
	demo := widget.NewButton(lang.L("Try the demo"), w.switchToDemo)
	w.setup.Add(widget.NewCard("", "", container.NewVBox(text, container.NewHBox(settings, demo))))
}

// switchToDemo replaces the connection with the pretend Box.
func (w *window) switchToDemo() {
	w.be.close()
	w.be = newDemoBackend(w.prefs.IntWithFallback(PrefParallel, upload.DefaultParallel))
	w.win.SetTitle(demoTitle())
	w.target.SetText(fileURL(w.be.demoFileID))
	w.refreshAccount()
}

func (w *window) startSignIn() {
	ctx, cancel := context.WithCancel(context.Background())
	w.signIn = cancel
	w.account.SetBusy(lang.L("Signing in… finish in your browser"), true)
	var d dialog.Dialog
	show := func(authURL string) {
		runOnMain(func() {
			if u, err := url.Parse(authURL); err == nil {
				w.app.OpenURL(u)
			}
			d = signInDialog(authURL, cancel, w.win)
			d.Show()
		})
	}
	be := w.be
	w.goWork(func() {
		err := be.login(ctx, show)
		runOnMain(func() {
			w.signIn = nil
			if d != nil {
				d.Hide()
			}
			if err != nil && ctx.Err() == nil {
				dialog.ShowInformation(lang.L("Not signed in"), Explain(err), w.win)
			}
			w.refreshAccount()
		})
	})
}

// signInDialog shows the sign-in address to copy, since a browser that
// does not open says nothing.
func signInDialog(authURL string, cancel func(), win fyne.Window) dialog.Dialog {
	addr := widget.NewEntry()
	addr.SetText(authURL)
	text := widget.NewLabel(lang.L("Your browser should now show Box's sign-in page. Sign in there and allow access; this window updates by itself.\n\nIf no browser opened, copy this address into one:"))
	text.Wrapping = fyne.TextWrapWord
	copyBtn := widget.NewButton(lang.L("Copy address"), func() { fyne.CurrentApp().Clipboard().SetContent(authURL) })
	d := dialog.NewCustom(lang.L("Sign in with Box"), lang.L("Cancel"), container.NewVBox(text, addr, copyBtn), win)
	d.SetOnClosed(cancel)
	d.Resize(fyne.NewSize(560, 260))
	return d
}

func (w *window) signOut() {
	be := w.be
	w.goWork(func() {
		err := be.logout(context.Background())
		runOnMain(func() {
			if err != nil {
				dialog.ShowInformation(lang.L("Sign out"), Explain(err), w.win)
			}
			w.refreshAccount()
		})
	})
}

// showSettings edits the settings kept in preferences.
func (w *window) showSettings() {
	parallel := widget.NewSelect([]string{"1", "2", "3", "4", "6", "8"}, nil)
	parallel.SetSelected(strconv.Itoa(w.prefs.IntWithFallback(PrefParallel, upload.DefaultParallel)))
	port := widget.NewEntry()
	port.SetPlaceHolder(lang.L("automatic"))
	if p := w.prefs.Int(PrefRedirectPort); p > 0 {
		port.SetText(strconv.Itoa(p))
	}
	id := widget.NewEntry()
	id.SetText(w.prefs.String(PrefClientID))
	secret := widget.NewPasswordEntry()
	secret.SetText(w.prefs.String(PrefClientSecret))
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Parts sent at once"), parallel),
		widget.NewFormItem(lang.L("Sign-in port"), port),
		widget.NewFormItem(lang.L("Box app client ID"), id),
		widget.NewFormItem(lang.L("Box app client secret"), secret),
	}
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
		if w.be.demo == nil {
			w.be.close()
			w.be = realBackend(w.prefs)
			w.refreshAccount()
		}
	}, w.win)
	d.Resize(fyne.NewSize(520, 340))
	d.Show()
}
