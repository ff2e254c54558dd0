package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

const accountIconSize = 32

type accountMode int

const (
	accountSignedOut accountMode = iota
	accountSignedIn
	accountBusy
)

// AccountBadge shows, in a corner of the window, who is signed in to Box,
// with a button to sign out; or that nobody is, with a button to sign in; or
// that signing in is under way, with a button to cancel it.
//
// Create it with NewAccountBadge and use it on Fyne's goroutine.
type AccountBadge struct {
	widget.BaseWidget

	// OnSignIn is called by the "Sign in with Box" button.
	OnSignIn func()
	// OnSignOut is called by the "Sign out" button.
	OnSignOut func()
	// OnCancel is called by the Cancel button shown while signing in.
	OnCancel func()

	mode                 accountMode
	cancellable          bool
	text                 string
	name, login, storage string
}

// NewAccountBadge returns a badge showing only the "Sign in with Box" button.
func NewAccountBadge() *AccountBadge {
	b := &AccountBadge{}
	b.ExtendBaseWidget(b)
	return b
}

// SetSignedIn shows the account's name in bold, its login (the email) and
// storage (such as "3.1 GB of 10 GB used"), with a "Sign out" button. Empty
// lines are left out.
func (b *AccountBadge) SetSignedIn(name, login, storage string) {
	b.mode, b.name, b.login, b.storage = accountSignedIn, name, login, storage
	b.Refresh()
}

// SetSignedOut shows text, such as "Not signed in", with a
// "Sign in with Box" button.
func (b *AccountBadge) SetSignedOut(text string) {
	b.mode, b.text = accountSignedOut, text
	b.Refresh()
}

// SetBusy shows an activity indicator and text, such as
// "Signing in… finish in your browser", with a Cancel button if
// cancellable.
func (b *AccountBadge) SetBusy(text string, cancellable bool) {
	b.mode, b.text, b.cancellable = accountBusy, text, cancellable
	b.Refresh()
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (b *AccountBadge) CreateRenderer() fyne.WidgetRenderer {
	account := widget.NewRichText()
	signOut := widget.NewButton(lang.L("Sign out"), func() { call(b.OnSignOut) })
	// Centred, the button keeps its height next to the taller account text.
	signedIn := container.NewHBox(bigIcon(theme.AccountIcon(), accountIconSize), account, container.NewCenter(signOut))

	activity := widget.NewActivity()
	text := widget.NewLabel("")
	signIn := widget.NewButton(lang.L("Sign in with Box"), func() { call(b.OnSignIn) })
	signIn.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.L("Cancel"), func() { call(b.OnCancel) })
	other := container.NewHBox(activity, text, signIn, cancel)

	return newStateRenderer(container.NewStack(signedIn, other), func() {
		signedIn.Hidden = b.mode != accountSignedIn
		other.Hidden = b.mode == accountSignedIn
		activity.Hidden = b.mode != accountBusy
		if b.mode == accountBusy {
			activity.Start()
		} else {
			activity.Stop() // no animation running out of sight
		}
		text.Text = b.text
		text.Hidden = b.text == ""
		signIn.Hidden = b.mode != accountSignedOut
		cancel.Hidden = b.mode != accountBusy || !b.cancellable

		var lines []string
		for _, line := range []string{b.login, b.storage} {
			if line != "" {
				lines = append(lines, line)
			}
		}
		account.Segments = textLines(b.name, lines...)
	})
}
