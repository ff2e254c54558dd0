//go:build !nogui

package app

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"boxuploader/auth"
	"boxuploader/upload"
	"boxuploader/upload/boxtest"
	"boxuploader/widgets"
	"boxuploader/widgets/widgettest"
)

// uiMu plays Fyne's main goroutine: background results (testThread) and
// the test's own actions (ui) take turns, as they do in the real app.
// uiRan is signalled after each turn, for the tests that wait for what the
// window shows.
var (
	uiMu  sync.Mutex
	uiRan = sync.NewCond(&uiMu)
)

// testThread is the window's UI thread in tests.
var testThread = uiThread{do: ui, doAndWait: ui}

func TestMain(m *testing.M) {
	// The tests read English, whatever the developer's locale: LC_ALL,
	// LC_MESSAGES and LANGUAGE would win over LANG.
	os.Setenv("LANG", "en_US.UTF-8")
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANGUAGE"} {
		os.Unsetenv(v)
	}
	useTranslations()
	os.Exit(m.Run())
}

// ui runs f as the person's action.
func ui(f func()) {
	uiMu.Lock()
	defer uiMu.Unlock()
	defer uiRan.Broadcast()
	f()
}

type harness struct {
	t   *testing.T
	w   *window
	box *boxtest.Server
}

// newHarness opens the window on a fake Box, signed in as its demo user.
func newHarness(t *testing.T, opts boxtest.Options, wopts WindowOptions) *harness {
	t.Helper()
	box := boxtest.NewServer(opts)
	t.Cleanup(box.Close)
	return openOn(t, testBackend(t, box), box, wopts)
}

// testBackend is the demo's backend, remembering interrupted uploads and
// retrying quickly. Its look-ups give up on a lost network after 200 ms, as
// the command line does after minutes; the window's uploads never do.
func testBackend(t *testing.T, box *boxtest.Server) *backend {
	be := demoBackend(box)
	dir := t.TempDir()
	for _, c := range []*upload.Client{be.client, be.uploads} {
		c.StateDir = dir
		c.Retry.MinDelay, c.Retry.MaxDelay = 5*time.Millisecond, 50*time.Millisecond
	}
	be.client.Retry.NetworkPatience = 200 * time.Millisecond
	return be
}

// onDemoVideo opens the window as newHarness does, its target the demo's
// Project video.mp4 (the demo itself opens on the folder Team projects).
func onDemoVideo(t *testing.T, opts boxtest.Options) *harness {
	t.Helper()
	h := newHarness(t, opts, WindowOptions{})
	ui(func() { h.w.target.SetText(fileURL(h.w.be.demoFileID)) })
	h.settle()
	return h
}

func openOn(t *testing.T, be *backend, box *boxtest.Server, wopts WindowOptions) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	h := &harness{t: t, box: box}
	ui(func() {
		h.w = newWindow(a, be, wopts, testThread)
		h.w.lookupDelay = 0
		h.w.win.Resize(fyne.NewSize(820, 900))
	})
	h.settle()
	t.Cleanup(func() { // nothing of this window outlives its test
		h.w.close()
		h.settle()
	})
	return h
}

// settle waits for the window's background work (look-ups, uploads).
func (h *harness) settle() { h.w.work.Wait() }

// texts is everything a person can read in the window, dialogs included.
func (h *harness) texts() string {
	var out []string
	for _, x := range widgettest.OnCanvas(h.w.win.Canvas()) {
		switch v := x.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *widget.RichText:
			out = append(out, v.String())
		case *widget.Button:
			out = append(out, "["+v.Text+"]")
		case *widgets.MiddleLabel:
			out = append(out, v.Text)
		}
	}
	return strings.Join(out, "\n")
}

func (h *harness) see(want ...string) {
	h.t.Helper()
	var got string
	ui(func() { got = h.texts() })
	for _, s := range want {
		if !strings.Contains(got, s) {
			h.t.Errorf("the window does not show %q; it shows:\n%s", s, got)
		}
	}
}

// tap taps the visible button labelled text (dialogs first).
func (h *harness) tap(text string) {
	h.t.Helper()
	ui(func() {
		for _, x := range widgettest.OnCanvas(h.w.win.Canvas()) {
			if b, ok := x.(*widget.Button); ok && b.Text == text && !b.Disabled() {
				test.Tap(b)
				return
			}
		}
		h.t.Fatalf("no enabled button %q; the window shows:\n%s", text, h.texts())
	})
}

// waitUntil waits until cond holds, checking it (on the UI side) each time
// the window has run something on its UI thread.
func (h *harness) waitUntil(what string, cond func() bool) {
	h.t.Helper()
	timedOut := false
	deadline := time.AfterFunc(30*time.Second, func() { ui(func() { timedOut = true }) })
	defer deadline.Stop()
	uiMu.Lock()
	defer uiMu.Unlock()
	for !cond() {
		if timedOut {
			h.t.Fatalf("timed out waiting for %s", what)
		}
		uiRan.Wait()
	}
}

// slowUploadUnderWay opens the window on a slow Box and starts replacing
// its file with a big one, returning once parts are going.
func slowUploadUnderWay(t *testing.T) *harness {
	t.Helper()
	h := onDemoVideo(t, boxtest.Options{BandwidthPerConn: 5 << 20})
	path, _ := writeFile(t, "big.mov", 60_000_000)
	h.drop(path)
	h.tap("Upload")
	h.tap("Replace")
	h.waitForSession()
	return h
}

// waitForSession waits until Box holds an upload session: parts are going.
func (h *harness) waitForSession() {
	h.t.Helper()
	h.waitUntil("an upload session", func() bool { return h.box.Stats().SessionsCreated > 0 })
}

func writeFile(t *testing.T, name string, size int) (path, sum string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), name)
	sum, err := boxtest.WriteRandomFile(path, int64(size))
	if err != nil {
		t.Fatal(err)
	}
	return path, sum
}

// writeFileIn makes a local file of size bytes named name in a new
// temporary folder called dir, and returns its path.
func writeFileIn(t *testing.T, dir, name string, size int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), dir, name)
	if err := os.Mkdir(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := boxtest.WriteRandomFile(path, int64(size)); err != nil {
		t.Fatal(err)
	}
	return path
}

func uri(p string) fyne.URI { return storage.NewFileURI(p) }

// drop drops files on the window, and waits until each row knows where it
// goes.
func (h *harness) drop(paths ...string) {
	uris := make([]fyne.URI, len(paths))
	for i, p := range paths {
		uris[i] = uri(p)
	}
	ui(func() { h.w.dropped(fyne.Position{}, uris) })
	h.settle()
}

func (h *harness) states() []widgets.State {
	var s []widgets.State
	ui(func() {
		for _, r := range h.w.rows {
			s = append(s, r.state)
		}
	})
	return s
}

func TestWindow_QueueByDropDialogAndArguments(t *testing.T) {
	fromArgs, _ := writeFile(t, "from the command line.mov", 1000)
	dropped, _ := writeFile(t, "dropped.mov", 1000)
	chosen, _ := writeFile(t, "chosen in the dialog.mov", 1000)
	empty, _ := writeFile(t, "empty.txt", 0)
	inFolder, _ := writeFile(t, "in a folder.txt", 1000)
	folder := filepath.Dir(inFolder)
	chosenFolder := filepath.Dir(writeFileIn(t, "chosen folder", "notes.txt", 500))
	h := newHarness(t, boxtest.Options{}, WindowOptions{Files: []string{fromArgs}})
	ui(func() {
		h.w.chooseFile = func(onChosen func(string)) { onChosen(chosen) }         // the person picks a file
		h.w.chooseFolder = func(onChosen func(string)) { onChosen(chosenFolder) } // and a folder
		h.w.dropped(fyne.Position{}, []fyne.URI{uri(dropped), uri(folder), uri(empty), uri(dropped + ".gone")})
	})
	h.tap("Choose file…")
	h.tap("Choose folder…")
	h.settle() // each row finds where it goes
	if got := h.states(); !slices.Equal(got, []widgets.State{
		widgets.StateWaiting, widgets.StateWaiting, widgets.StateWaiting,
		widgets.StateRefused, widgets.StateRefused, widgets.StateWaiting, widgets.StateWaiting,
	}) {
		t.Errorf("row states %v", got)
	}
	h.see("from the command line.mov", "dropped.mov", "chosen in the dialog.mov", filepath.Base(folder),
		"1 new file, 1 new folder", "This file is empty.", "That file does not exist any more.", "chosen folder", "[Upload 5 files]")

	// Dropping the same waiting file or folder again does not queue it twice.
	ui(func() { h.w.dropped(fyne.Position{}, []fyne.URI{uri(dropped), uri(folder)}) })
	if n := len(h.states()); n != 7 {
		t.Errorf("%d rows after dropping a queued file and folder again, want 7", n)
	}
}

func TestWindow_TargetPreviewAndItsErrors(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	locked := h.box.AddFile("0", "Contract.pdf", []byte("v1"))
	h.box.SetLocked(locked, true)
	viewOnly := h.box.AddFile("0", "Handbook.pdf", []byte("v1"))
	h.box.SetCanUpload(viewOnly, false)
	folder := h.box.AddFolder("0", "Invoices 2027")
	for _, tc := range []struct {
		text string
		want string
	}{
		{"https://app.box.com/file/" + h.w.be.demoFileID + "?s=abc", "Project video.mp4"},
		{h.w.be.demoFileID, "in folder Team projects"},
		{"https://app.box.com/folder/" + folder, "Each of your files becomes a new version of the file of the same name here"},
		{"https://app.box.com/s/q2w3e4r5t6", "That is a shared link"},
		{"hello", "That is not a Box file ID or a Box file link."},
		{"99999999", "Box has no file or folder with that ID that you can see."},
		{locked, "“Contract.pdf” is locked in Box"},
		{"https://app.box.com/file/" + folder, "Box has no file or folder with that ID that you can see."},
		{viewOnly, "You can see “Handbook.pdf” but not upload new versions of it."},
	} {
		ui(func() { h.w.target.SetText(tc.text) })
		h.settle()
		h.see(tc.want)
	}
}

func TestWindow_TargetNeedsSignIn(t *testing.T) {
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	be := demoBackend(box)
	be.store.Delete() // nobody signed in
	h := openOn(t, be, box, WindowOptions{FileID: "123"})
	h.see("Not signed in", "[Sign in with Box]", "Sign in to Box to see this file.")
}

func TestWindow_FullUpload(t *testing.T) {
	h := onDemoVideo(t, boxtest.Options{})
	path, sum := writeFile(t, "Project video (final).mp4", 60_000_000)
	h.drop(path)
	h.tap("Upload")
	h.see("Replace “Project video.mp4” in Box?", "stays in the file's version history")
	h.tap("Replace")
	h.settle()
	h.see("Uploaded — version 2", "[Open in Box]", "[Upload another…]")
	st, _ := h.box.File(h.w.be.demoFileID)
	if st.SHA1 != sum || len(st.Versions) != 2 {
		t.Errorf("Box holds %s in %d versions, want %s as version 2", st.SHA1, len(st.Versions), sum)
	}
	// The history remembers it, and holds no token.
	h.tap("Recent uploads")
	h.see("Project video (final).mp4 → Project video.mp4: Uploaded — version 2")
	tok, _ := h.w.be.store.Load()
	var prefs string
	ui(func() { prefs = h.w.prefs.String(PrefHistory) })
	if strings.Contains(prefs, tok.AccessToken) || strings.Contains(prefs, tok.RefreshToken) {
		t.Error("a token is stored in the preferences")
	}
}

func TestWindow_NewFileIntoFolder(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	folder := h.box.AddFolder("0", "Invoices 2027")
	path, _ := writeFile(t, "March.pdf", 2000)
	ui(func() {
		h.w.dropped(fyne.Position{}, []fyne.URI{uri(path)})
		h.w.target.SetText(folder)
	})
	h.settle()
	h.tap("Upload") // no confirmation: nothing is replaced
	h.settle()
	h.see("Uploaded as a new file")
}

func TestWindow_CancelAbortsTheSession(t *testing.T) {
	h := slowUploadUnderWay(t)
	h.tap("Cancel")
	h.settle()
	h.see("Cancelled — nothing was changed in Box")
	if st := h.box.Stats(); st.Aborts != 1 || st.OpenSessions != 0 {
		t.Errorf("stats %+v: the session must be aborted at Box", st)
	}
	if st, _ := h.box.File(h.w.be.demoFileID); len(st.Versions) != 1 {
		t.Errorf("Box holds %d versions after a cancel", len(st.Versions))
	}
}

func TestWindow_ChangedRemotelyFailsWithASentence(t *testing.T) {
	h := onDemoVideo(t, boxtest.Options{})
	path, _ := writeFile(t, "report.pdf", 3000)
	h.drop(path)
	h.settle()
	h.box.ModifyRemotely(h.w.be.demoFileID) // someone saves a version after the preview
	h.tap("Upload")
	h.tap("Replace")
	h.settle()
	h.see("Failed: This Box file was changed by someone else since you chose it. Check it in Box and try again.", "[Details]")
	h.tap("Details")
	h.see("412")
}

func TestWindow_Keyboard(t *testing.T) {
	h := onDemoVideo(t, boxtest.Options{})
	path, _ := writeFile(t, "report.pdf", 3000)
	h.drop(path)

	// Tab walks the steps in order: choose a file, the queue, the target, Upload.
	var order []string
	ui(func() {
		c := h.w.win.Canvas()
		for range 20 {
			c.FocusNext()
			switch f := c.Focused().(type) {
			case *widget.Button:
				order = append(order, f.Text)
			case *widget.Entry:
				order = append(order, "target")
			}
		}
	})
	pos := func(s string) int { return slices.Index(order, s) }
	if !(pos("Choose file…") >= 0 && pos("Choose file…") < pos("Cancel") && pos("Cancel") < pos("target") && pos("target") < pos("Upload")) {
		t.Errorf("focus order %v: want Choose file…, the row's Cancel, the target, Upload", order)
	}

	// Enter in the target field starts the upload.
	ui(func() {
		h.w.win.Canvas().Focus(h.w.target)
		h.w.target.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	h.see("Replace “Project video.mp4” in Box?")
}

func TestWindow_ClosingDuringUploadAsksFirst(t *testing.T) {
	h := slowUploadUnderWay(t)
	ui(h.w.closeRequested)
	h.see("Stop uploading?", "nothing is replaced in Box")
	h.tap("Yes")
	h.settle()
	if st := h.box.Stats(); st.Aborts != 1 || st.OpenSessions != 0 {
		t.Errorf("stats %+v after quitting: the session must be aborted", st)
	}
}

func TestWindow_SignOut(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	h.see("Demo User", "demo@example.com", "[Sign out]")
	h.tap("Sign out")
	h.settle()
	h.see("Not signed in", "[Sign in with Box]")
	if _, err := h.w.be.store.Load(); err != auth.ErrNotSignedIn {
		t.Errorf("tokens still stored after signing out: %v", err)
	}
}

func TestWindow_SignInShowsTheAddressAndSignsIn(t *testing.T) {
	for _, tc := range []struct{ locale, tab, signedOut string }{
		{"en_US.UTF-8", "You are signed in", "Sign in with Box"},
		{"ja_JP.UTF-8", "サインインしました", "Box でサインイン"},
	} {
		t.Run(tc.locale, func(t *testing.T) {
			useLocale(t, tc.locale)
			box := boxtest.NewServer(boxtest.Options{})
			defer box.Close()
			be := demoBackend(box)
			be.store.Delete()
			h := openOn(t, be, box, WindowOptions{})
			h.tap(tc.signedOut)
			// The browser may not open by itself: the address is there to copy.
			var addr string
			h.waitUntil("the sign-in address", func() bool {
				for _, o := range h.w.win.Canvas().Overlays().List() {
					for _, x := range test.LaidOutObjects(o) {
						if e, ok := x.(*widget.Entry); ok && strings.HasPrefix(e.Text, box.AuthURL) {
							addr = e.Text
						}
					}
				}
				return addr != ""
			})
			resp, err := http.Get(addr) // the person's browser
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.Contains(string(page), tc.tab) {
				t.Errorf("the browser tab says %q, want %q", page, tc.tab)
			}
			h.settle()
			h.see("Demo User", "demo@example.com")
		})
	}
}

func TestWindow_NoBoxAppExplainsAndOffersTheDemo(t *testing.T) {
	t.Setenv("BOX_CLIENT_ID", "")
	t.Setenv("BOX_CLIENT_SECRET", "")
	t.Setenv("BOX_ACCESS_TOKEN", "")
	a := test.NewTempApp(t)
	h := &harness{t: t}
	ui(func() { h.w = newWindow(a, realBackend(Env{}, a.Preferences(), nil), WindowOptions{}, testThread) })
	h.settle()
	h.see("this app needs your organisation's Box app", "[Enter Box app details…]", "[Try the demo]")
	h.tap("Try the demo")
	h.settle()
	defer h.w.be.close()
	h.see("Demo User", "Project video.mp4")
	if title := h.w.win.Title(); !strings.Contains(title, "Demo") {
		t.Errorf("window title %q does not say it is a demo", title)
	}
}

func TestWindow_SettingsAreKeptInPreferences(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	h.tap("Settings")
	ui(func() {
		for _, x := range test.LaidOutObjects(h.w.win.Canvas().Overlays().Top()) {
			switch v := x.(type) {
			case *widget.Select:
				v.SetSelected("8")
			case *widget.Entry:
				if v.PlaceHolder == "automatic" {
					v.SetText("53682")
				}
			}
		}
	})
	h.tap("Save")
	ui(func() {
		if n, p := h.w.prefs.Int(PrefParallel), h.w.prefs.Int(PrefRedirectPort); n != 8 || p != 53682 {
			t.Errorf("saved parallel %d, port %d; want 8 and 53682", n, p)
		}
	})
}

func TestWindow_WaitsForTheNetworkAndGoesOn(t *testing.T) {
	h := onDemoVideo(t, boxtest.Options{})
	path, sum := writeFile(t, "film.mov", 60_000_000)
	h.drop(path)
	// The Wi-Fi drops at the fifth part, and comes back only after the
	// window kept trying 40 times, for longer than the look-ups' patience
	// (200 ms).
	const tries = 40
	var rowWhileDown widgets.State
	h.box.OnCutOff(func(n int) {
		if n == tries {
			ui(func() { rowWhileDown = h.w.rows[0].state })
			h.box.NetworkDown(false)
		}
	})
	h.box.CutNetworkAtPart(5)
	h.tap("Upload")
	h.tap("Replace")
	h.settle()
	if rowWhileDown != widgets.StateWaitingNetwork {
		t.Errorf("while the network was down the row was in state %v, want waiting for the network", rowWhileDown)
	}
	h.see("Uploaded — version 2")
	if st, _ := h.box.File(h.w.be.demoFileID); st.SHA1 != sum {
		t.Errorf("Box holds %s, want %s", st.SHA1, sum)
	}
	if n := h.box.Stats().SessionsCreated; n != 1 {
		t.Errorf("%d sessions: the upload must go on where it stopped", n)
	}
}

// interrupted leaves an upload of a new file.mov stopped by a lost network.
func interrupted(t *testing.T) (*backend, *boxtest.Server, string) {
	box := boxtest.NewServer(boxtest.Options{})
	t.Cleanup(box.Close)
	be := testBackend(t, box)
	path, _ := writeFile(t, "film.mov", 60_000_000)
	box.CutNetworkAtPart(5)
	_, err := be.client.Upload(context.Background(), upload.Request{Path: path, FileID: be.demoFileID})
	box.NetworkDown(false)
	if upload.KindOf(err) != upload.KindNetwork {
		t.Fatalf("got %v, want a network failure", err)
	}
	return be, box, path
}

func TestWindow_OffersToResumeInterruptedUploads(t *testing.T) {
	be, box, _ := interrupted(t)
	h := openOn(t, be, box, WindowOptions{})
	h.see("The upload of “film.mov” was interrupted", "are already in Box", "[Resume]", "[Discard]")
	h.tap("Resume")
	h.settle()
	h.tap("Upload")
	h.tap("Replace")
	h.settle()
	h.see("Uploaded — version 2")
	if n := box.Stats().SessionsCreated; n != 1 {
		t.Errorf("%d sessions: Resume must go on with the interrupted one", n)
	}
}

func TestWindow_DiscardInterruptedUpload(t *testing.T) {
	be, box, _ := interrupted(t)
	h := openOn(t, be, box, WindowOptions{})
	h.tap("Discard")
	h.settle()
	if st := box.Stats(); st.Aborts != 1 || st.OpenSessions != 0 {
		t.Errorf("stats %+v: Discard must abort the session at Box", st)
	}
	var shown string
	ui(func() { shown = h.texts() })
	if strings.Contains(shown, "was interrupted") {
		t.Error("the discarded upload is still offered")
	}
}
