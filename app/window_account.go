//go:build !nogui

package app

import (
	"context"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"boxuploader/auth"
	"boxuploader/upload"
)

// refreshAccount finds out who is signed in and shows it.
func (w *window) refreshAccount() {
	w.setup.RemoveAll()
	if !w.be.canSignIn() {
		w.signed = false
		w.account.SetSignedOut(notSignedInSentence())
		w.showSetup()
		w.update()
		return
	}
	w.account.SetBusy(checkingAccountSentence(), false)
	client := w.be.client
	w.work.Go(func() {
		ctx, cancel := context.WithTimeout(w.ctx, lookupTimeout)
		defer cancel()
		u, err := client.CurrentUser(ctx)
		w.ui.do(func() {
			w.signed = err == nil
			if err != nil {
				w.user = nil
				w.account.SetSignedOut(notSignedInSentence())
				if upload.KindOf(err) != upload.KindSignInNeeded && !isNotSignedIn(err) {
					w.preview.SetMessage(Explain(err), true)
				}
			} else {
				w.user = u
				w.account.SetSignedIn(u.Name, u.Login, storageUsed(u))
			}
			w.targetChanged(w.target.Text) // look the target up now that we can
		})
	})
}

// showSetup explains, when no Box app is configured, what is missing and
// offers the two ways on: an administrator's settings, or the demo.
func (w *window) showSetup() {
	text := widget.NewLabel(noBoxAppSentence())
	text.Wrapping = fyne.TextWrapWord
	settings := widget.NewButton(lang.L("Enter Box app details…"), w.showSettings)
	demo := widget.NewButton(lang.L("Try the demo"), w.switchToDemo)
	w.setup.Add(widget.NewCard("", "", container.NewVBox(text, container.NewHBox(settings, demo))))
}

// switchToDemo replaces the connection with the pretend Box.
func (w *window) switchToDemo() {
	w.be.close()
	w.be = newDemoBackend()
	w.win.SetTitle(demoTitle())
	w.target.SetText(fileURL(w.be.demoFileID))
	w.refreshAccount()
}

func (w *window) startSignIn() {
	ctx, cancel := context.WithCancel(w.ctx)
	w.signIn = cancel
	w.account.SetBusy(signingInSentence(), true)
	var d dialog.Dialog
	show := func(authURL string) {
		w.ui.do(func() {
			if u, err := url.Parse(authURL); err == nil {
				w.app.OpenURL(u)
			}
			d = signInDialog(authURL, cancel, w.win)
			d.Show()
		})
	}
	be := w.be
	w.work.Go(func() {
		_, err := auth.Login(ctx, be.cfg, be.store, show)
		w.ui.do(func() {
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
	text := widget.NewLabel(signInDialogSentence())
	text.Wrapping = fyne.TextWrapWord
	copyBtn := widget.NewButton(lang.L("Copy address"), func() { fyne.CurrentApp().Clipboard().SetContent(authURL) })
	d := dialog.NewCustom(lang.L("Sign in with Box"), lang.L("Cancel"), container.NewVBox(text, addr, copyBtn), win)
	d.SetOnClosed(cancel)
	d.Resize(fyne.NewSize(560, 260))
	return d
}

func (w *window) signOut() {
	be := w.be
	w.work.Go(func() {
		err := auth.Logout(w.ctx, be.cfg, be.store)
		w.ui.do(func() {
			if err != nil {
				dialog.ShowInformation(lang.L("Sign out"), Explain(err), w.win)
			}
			w.refreshAccount()
		})
	})
}
