package widgets

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestAccountBadge(t *testing.T) {
	test.NewTempApp(t)
	badge := NewAccountBadge()
	signIn, signedIn := counter()
	signOut, signedOut := counter()
	cancel, cancelled := counter()
	badge.OnSignIn, badge.OnSignOut, badge.OnCancel = signIn, signOut, cancel
	w := test.NewTempWindow(t, badge)

	badge.SetSignedOut("Not signed in")
	if got := buttons(badge); !slices.Equal(got, []string{"Sign in with Box"}) || !reads(badge, "Not signed in") {
		t.Errorf("signed out: buttons %q, texts %q", got, texts(badge))
	}
	test.Tap(button(t, badge, "Sign in with Box"))

	badge.SetBusy("Signing in… finish in your browser", true)
	if got := buttons(badge); !slices.Equal(got, []string{"Cancel"}) || !isShown[*widget.Activity](badge) {
		t.Errorf("busy: buttons %q, want Cancel and an activity indicator", got)
	}
	test.Tap(button(t, badge, "Cancel"))

	badge.SetSignedIn("Ana Pereira", "ana@example.com", "3.1 GB of 10 GB used")
	if got := buttons(badge); !slices.Equal(got, []string{"Sign out"}) || isShown[*widget.Activity](badge) {
		t.Errorf("signed in: buttons %q, want Sign out alone", got)
	}
	w.Resize(badge.MinSize().AddWidthHeight(8, 8))
	assertMarkup(t, w, "accountbadge.xml")
	test.Tap(button(t, badge, "Sign out"))

	if *signedIn != 1 || *cancelled != 1 || *signedOut != 1 {
		t.Errorf("OnSignIn, OnCancel, OnSignOut called %d, %d, %d times, want once each", *signedIn, *cancelled, *signedOut)
	}
}
