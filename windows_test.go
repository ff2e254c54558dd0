package main

import (
	"bytes"
	"encoding/json"
	"image"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"boxuploader/upload/boxtest"
)

// The TestWindows_ tests run what a Windows user gets, the cross-compiled
// .exe and its Setup, under Wine. .ci/check-windows (make check-windows)
// builds them, makes a throwaway Wine prefix and names them in the
// variables below; elsewhere the tests are skipped.

// windows is what the check hands the tests.
type windows struct {
	exe, setup string // the app and its Setup, as `make package-windows` built them
	holdopen   string // .ci/wine/holdopen.c, built: holds a file as Excel does
	prefix     string // the Wine prefix: its drive C: and registry
}

func needWindows(t *testing.T) windows {
	t.Helper()
	w := windows{
		exe: os.Getenv("BOXUPLOADER_WINDOWS_EXE"), setup: os.Getenv("BOXUPLOADER_WINDOWS_SETUP"),
		holdopen: os.Getenv("BOXUPLOADER_HOLDOPEN"), prefix: os.Getenv("WINEPREFIX"),
	}
	if w.exe == "" || w.setup == "" || w.holdopen == "" || w.prefix == "" {
		t.Skip("not under .ci/check-windows (make check-windows)")
	}
	return w
}

// winPath is path as a Windows program under Wine names it: Wine's drive
// Z: is the Linux root.
func winPath(path string) string {
	return `Z:` + strings.ReplaceAll(path, "/", `\`)
}

// wineChild is program (a Windows path or a Linux one) under Wine with
// args and env, not started yet, without a display unless env gives one.
// Wine reads and writes Linux file names and arguments in the locale's
// character set: a UTF-8 one, unless env gives another locale.
func wineChild(env map[string]string, program string, args ...string) *child {
	c := &child{cmd: exec.Command("wine", append([]string{program}, args...)...), done: make(chan struct{})}
	c.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "LANG=C.UTF-8"}
	for _, k := range []string{"WINEPREFIX", "WINEARCH", "WINEDEBUG", "WINEDLLOVERRIDES"} {
		c.cmd.Env = append(c.cmd.Env, k+"="+os.Getenv(k))
	}
	for k, v := range env {
		c.cmd.Env = append(c.cmd.Env, k+"="+v)
	}
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	c.cmd.WaitDelay = 10 * time.Second
	return c
}

// wineRun runs program under Wine to its end.
func wineRun(t *testing.T, env map[string]string, program string, args ...string) result {
	t.Helper()
	c := wineChild(env, program, args...)
	c.begin(t)
	c.wait(t)
	return result{c.cmd.ProcessState.ExitCode(), c.stdout.String(), c.stderr.String()}
}

// lineSender passes each line written to it, as it comes, to a channel.
type lineSender struct {
	partial []byte
	lines   chan string
}

func (l *lineSender) Write(p []byte) (int, error) {
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		l.lines <- strings.TrimRight(string(l.partial[:i]), "\r")
		l.partial = l.partial[i+1:]
	}
}

// firstLine starts c and returns the first line it prints, failing the
// test if it ends or takes a minute first.
func (c *child) firstLine(t *testing.T) string {
	t.Helper()
	lines := &lineSender{lines: make(chan string, 64)}
	c.cmd.Stdout = io.MultiWriter(&c.stdout, lines)
	c.begin(t)
	select {
	case line := <-lines.lines:
		return line
	case <-c.done:
		t.Fatalf("%v ended (%v) without a line; stderr %q", c.cmd.Args, c.err, c.stderr.String())
	case <-time.After(time.Minute):
		t.Fatalf("%v printed no line within a minute; stderr %q", c.cmd.Args, c.stderr.String())
	}
	return ""
}

// expect runs the app with args and fails the test unless it exits with
// code and says want.
func (w windows) expect(t *testing.T, env map[string]string, code int, want string, args ...string) result {
	t.Helper()
	r := wineRun(t, env, w.exe, args...)
	if r.code != code || !strings.Contains(r.stdout+r.stderr, want) {
		t.Fatalf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", args, r.code, r.stdout, r.stderr, code, want)
	}
	return r
}

// uploaded reads the --json lines of an upload and fails the test unless
// Box holds each file named in sums (local name → SHA-1) under that name,
// with those bytes.
func uploaded(t *testing.T, box *boxtest.Server, out string, sums map[string]string) {
	t.Helper()
	seen := map[string]bool{}
	for line := range strings.Lines(out) {
		var f struct{ ID, Name, SHA1, Action string }
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		st, ok := box.File(f.ID)
		if want, mine := sums[f.Name]; !mine || !ok || st.Name != f.Name || st.SHA1 != want {
			t.Errorf("Box holds %+v (%v) for %+v, want %q with SHA-1 %s", st, ok, f, f.Name, want)
		}
		seen[f.Name] = true
	}
	for name := range sums {
		if !seen[name] {
			t.Errorf("%s was not uploaded: %q", name, out)
		}
	}
}

// TestWindows_CommandLine: uploads with Japanese names, a new version
// whole and a new file in parts on parallel connections.
func TestWindows_CommandLine(t *testing.T) {
	w := needWindows(t)
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	env := boxEnv(box)

	id := box.AddFile("0", "見積書.xlsx", []byte("v1"))
	path, sum := writeFile(t, "見積書 2026年度.xlsx", 3_000_000)
	w.expect(t, env, 0, `"sha1":"`+sum+`"`, "upload", "--json", "--file-id", id, winPath(path))
	if st, _ := box.File(id); st.SHA1 != sum || len(st.Versions) != 2 {
		t.Errorf("Box holds %+v, want a second version with SHA-1 %s", st, sum)
	}
	big, bigSum := writeFile(t, "議事録 第3回.docx", 60_000_000)
	r := w.expect(t, env, 0, "", "upload", "--json", "--folder-id", "0", winPath(big))
	uploaded(t, box, r.stdout, map[string]string{"議事録 第3回.docx": bigSum})
	if st := box.Stats(); st.SessionsCreated != 1 || st.MostPartsInFlight < 2 {
		t.Errorf("%d upload sessions, at most %d parts at once; want 1 session, parts in parallel", st.SessionsCreated, st.MostPartsInFlight)
	}
}

// TestWindows_Paths: a path longer than Windows' old limit of 260
// characters, a folder on a network share (\\server\share\…), and a file
// held open as Excel holds a CSV file, which gets the sentence that says
// to close it there, in English and in Japanese, and sends nothing.
func TestWindows_Paths(t *testing.T) {
	w := needWindows(t)
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	env := boxEnv(box)

	long := t.TempDir()
	for i := range 6 {
		long = filepath.Join(long, strings.Repeat("長いフォルダー名", 5)+string(rune('1'+i)))
	}
	os.MkdirAll(long, 0o755)
	deep := filepath.Join(long, "報告書.pdf")
	deepSum, err := boxtest.WriteRandomFile(deep, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(utf16.Encode([]rune(winPath(deep)))); n <= 260 {
		t.Fatalf("the long path has %d characters, not over 260", n)
	}
	r := w.expect(t, env, 0, "", "upload", "--json", "--folder-id", "0", winPath(deep))
	uploaded(t, box, r.stdout, map[string]string{"報告書.pdf": deepSum})

	// Wine maps \\fileserver\share to a folder of its prefix's.
	share := t.TempDir()
	unc := filepath.Join(w.prefix, "dosdevices", "unc", "fileserver")
	os.MkdirAll(unc, 0o755)
	if err := os.Symlink(share, filepath.Join(unc, "share")); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(share, "資料"), 0o755)
	csvSum, err := boxtest.WriteRandomFile(filepath.Join(share, "資料", "顧客リスト.csv"), 20_000)
	if err != nil {
		t.Fatal(err)
	}
	r = w.expect(t, env, 0, "", "upload", "--json", "--folder-id", "0", `\\fileserver\share\資料`)
	uploaded(t, box, r.stdout, map[string]string{"顧客リスト.csv": csvSum})

	csv := `\\fileserver\share\資料\顧客リスト.csv`
	hold := wineChild(nil, w.holdopen, csv)
	release, err := hold.cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if line := hold.firstLine(t); line != "held" {
		t.Fatalf("holdopen says %q", line)
	}
	before := box.Stats()
	w.expect(t, env, 2, "Close it there and try again.", "upload", "--folder-id", "0", csv)
	ja := map[string]string{"LANG": "ja_JP.UTF-8"}
	for k, v := range env {
		ja[k] = v
	}
	w.expect(t, ja, 2, "そのプログラムでファイルを閉じてから", "upload", "--folder-id", "0", csv)
	if after := box.Stats(); after.SimpleUploads != before.SimpleUploads {
		t.Errorf("%d uploads reached Box while the file was held", after.SimpleUploads-before.SimpleUploads)
	}
	release.Close()
	hold.wait(t)
}

// TestWindows_SignIn: `login --no-browser`, the browser's part done by a
// GET of the printed address, keeps the sign-in in Windows' Credential
// Manager (Wine's); whoami and an upload use it, renewing it once; logout
// removes it.
func TestWindows_SignIn(t *testing.T) {
	w := needWindows(t)
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	env := boxEnv(box)
	delete(env, "BOX_ACCESS_TOKEN")
	env["BOX_CLIENT_ID"], env["BOX_CLIENT_SECRET"] = "test-client-id", "test-client-secret"

	w.expect(t, env, 1, "not signed in", "whoami")
	login := wineChild(env, w.exe, "login", "--no-browser")
	resp, err := (&http.Client{Timeout: time.Minute}).Get(login.firstLine(t))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	login.wait(t)
	if !strings.Contains(login.stdout.String(), "Signed in as Demo User (demo@example.com)") || !strings.Contains(string(page), "You are signed in") {
		t.Fatalf("login: exit %v, stdout %q, stderr %q; the browser shows %q", login.err, login.stdout.String(), login.stderr.String(), page)
	}
	if !w.credentialStored(t) {
		t.Fatal("no sign-in in the Credential Manager after login")
	}
	w.expect(t, env, 0, "Signed in as Demo User (demo@example.com)", "whoami")

	box.ExpireAccessTokens()
	id := box.AddFile("0", "Plan.pdf", []byte("v1"))
	path, sum := writeFile(t, "plan.pdf", 1000)
	w.expect(t, env, 0, "version 2", "upload", "--file-id", id, winPath(path))
	if st, _ := box.File(id); st.SHA1 != sum || box.Stats().Refreshes != 1 {
		t.Errorf("Box holds %s after %d refreshes, want %s after 1", st.SHA1, box.Stats().Refreshes, sum)
	}
	w.expect(t, env, 0, "Signed out", "logout")
	if w.credentialStored(t) {
		t.Error("the sign-in is still in the Credential Manager after logout")
	}
	w.expect(t, env, 1, "not signed in", "whoami")
}

// credentialStored says whether the app's entry is in the Credential
// Manager, which Wine keeps in the registry (the secret encrypted).
func (w windows) credentialStored(t *testing.T) bool {
	t.Helper()
	const key = `HKCU\Software\Wine\Credential Manager\Generic: app.boxuploader.Uploader:box-account`
	return wineRun(t, nil, "reg", "query", key).code == 0
}

// TestWindows_Setup: the Setup installs for the person running it, asking
// nothing with /S: the app and the command line in
// %LOCALAPPDATA%\Programs\Box Uploader, in the person's PATH, shortcuts in
// the Start menu and in "Send to", an entry in Apps & features. The
// installed programs run, the console's first where both are named
// boxuploader; a file sent to it opens its window with the file queued
// (screenshot: window-wine-sendto.png). The uninstaller that entry names
// removes all of it. On a Japanese Windows, the Setup speaks Japanese.
func TestWindows_Setup(t *testing.T) {
	w := needWindows(t)
	t.Parallel()
	// The Setup and its uninstaller print nothing; Wine's desktop, which
	// they start, would hold a pipe for their output open after they end.
	quietly := func(env map[string]string, program string, args ...string) {
		t.Helper()
		c := wineChild(env, program, args...)
		c.cmd.Stdout, c.cmd.Stderr = nil, nil
		c.begin(t)
		c.wait(t)
		if code := c.cmd.ProcessState.ExitCode(); code != 0 {
			t.Fatalf("%s %v: exit %d", program, args, code)
		}
	}
	quietly(nil, w.setup, "/S")
	dirs, _ := filepath.Glob(filepath.Join(w.prefix, "drive_c", "users", "*", "AppData", "Local", "Programs", "Box Uploader"))
	if len(dirs) != 1 {
		t.Fatalf("installed in %v, want one Box Uploader folder in a user's AppData\\Local\\Programs", dirs)
	}
	dir := dirs[0]
	home := filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(dir))))
	winDir := `C:\users\` + filepath.Base(home) + `\AppData\Local\Programs\Box Uploader`
	roaming := filepath.Join(home, "AppData", "Roaming", "Microsoft", "Windows")
	shortcuts := []string{
		filepath.Join(roaming, "Start Menu", "Programs", "Box Uploader.lnk"),
		filepath.Join(roaming, "SendTo", "Box Uploader.lnk"),
	}
	for _, lnk := range shortcuts {
		b, err := os.ReadFile(lnk)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(winDir+`\boxuploader.exe`)) {
			t.Errorf("%s does not start %s\\boxuploader.exe", lnk, winDir)
		}
		if want := "Upload files to Box, large ones too"; !bytes.Contains(b, utf16le(want)) {
			t.Errorf("%s does not say %q", lnk, want)
		}
	}
	const key = `HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\app.boxuploader.Uploader`
	entry := wineRun(t, nil, "reg", "query", key).stdout
	for _, want := range []string{"Box Uploader", `"` + winDir + `\Uninstall.exe"`, winDir + `\boxuploader.exe,0`} {
		if !strings.Contains(entry, want) {
			t.Errorf("the Apps & features entry lacks %q:\n%s", want, entry)
		}
	}

	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	env := boxEnv(box)
	for _, program := range []string{winDir + `\boxuploader.exe`, winDir + `\boxuploader.com`} {
		if r := wineRun(t, env, program, "whoami"); r.code != 0 || !strings.Contains(r.stdout, "Signed in as Demo User") {
			t.Errorf("installed %s whoami: exit %d, stdout %q, stderr %q", program, r.code, r.stdout, r.stderr)
		}
	}
	// In a console anywhere: the folder is in PATH, and the console build
	// (which says it has no window) comes before the window's.
	inPath := func() bool {
		return strings.Contains(wineRun(t, nil, "reg", "query", `HKCU\Environment`, "/v", "Path").stdout, winDir)
	}
	if !inPath() {
		t.Errorf("%s is not in the PATH", winDir)
	}
	for _, tc := range []struct{ args, want string }{{"whoami", "Signed in as Demo User"}, {"", "no window"}} {
		console := wineChild(env, "cmd", "/c", strings.TrimSpace("boxuploader "+tc.args))
		console.cmd.Dir = t.TempDir()
		console.begin(t)
		console.wait(t)
		if out := console.stdout.String() + console.stderr.String(); !strings.Contains(out, tc.want) {
			t.Errorf("boxuploader %s in a console: %v, output %q, want %q", tc.args, console.err, out, tc.want)
		}
	}

	// Send to → Box Uploader, as Explorer does it: the shortcut, then the
	// files chosen. The installed app opens with them queued.
	sent, _ := writeFile(t, "見積書 2026年度.xlsx", 2_000)
	sendTo := `C:\users\` + filepath.Base(home) + `\AppData\Roaming\Microsoft\Windows\SendTo\Box Uploader.lnk`
	screenshotWine(t, "window-wine-sendto", env, "start", sendTo, winPath(sent))
	quietly(nil, "taskkill", "/f", "/im", "boxuploader.exe")

	left := func() []string {
		var left []string
		for _, f := range append(shortcuts, dir) {
			if _, err := os.Lstat(f); err == nil {
				left = append(left, f)
			}
		}
		if wineRun(t, nil, "reg", "query", key).code == 0 {
			left = append(left, key)
		}
		if inPath() {
			left = append(left, "PATH")
		}
		return left
	}
	// The uninstaller copies itself away and goes on from there.
	uninstall := func() {
		t.Helper()
		quietly(nil, winDir+`\Uninstall.exe`, "/S")
		for deadline := time.Now().Add(time.Minute); len(left()) > 0; time.Sleep(time.Second) {
			if time.Now().After(deadline) {
				t.Fatalf("a minute after uninstalling, still there: %q", left())
			}
		}
	}
	uninstall()

	// On a Japanese Windows, the Setup speaks Japanese: its own words, such
	// as the shortcuts' description, as well as NSIS's pages.
	quietly(map[string]string{"LANG": "ja_JP.UTF-8"}, w.setup, "/S")
	b, err := os.ReadFile(shortcuts[0])
	if err != nil {
		t.Fatal(err)
	}
	if want := "ファイルを Box にアップロードします"; !bytes.Contains(b, utf16le(want)) {
		t.Errorf("the Start menu shortcut, made by the Setup on a Japanese Windows, does not say %q", want)
	}
	uninstall()
}

// utf16le is s as Windows stores text: UTF-16, little-endian.
func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// TestWindows_Window: the .exe's demo under Wine on a virtual display,
// drawn by Fyne's OpenGL through Wine's: screenshots in artifacts/
// (window-wine.png, window-wine-ja.png), for people to look at.
func TestWindows_Window(t *testing.T) {
	w := needWindows(t)
	t.Parallel()
	for _, tc := range []struct {
		name, file string
		env        map[string]string
	}{
		{"window-wine", "Quarterly report.pdf", nil},
		{"window-wine-ja", "四半期報告書.pdf", map[string]string{"LANG": "ja_JP.UTF-8"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, _ := writeFile(t, tc.file, 3_000_000)
			screenshotWine(t, tc.name, tc.env, w.exe, "demo", winPath(path))
		})
	}
}

// screenshotWine runs program under Wine on a virtual display of its own
// and keeps its window, once drawn, as artifacts/name.png.
func screenshotWine(t *testing.T, name string, env map[string]string, program string, args ...string) {
	t.Helper()
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Fatal("Xvfb is not installed (.ci/install-deps installs it)")
	}
	s := &screen{t: t, fbdir: t.TempDir()}
	var stopX func()
	s.display, stopX = startXvfb(t, xvfb, s.fbdir)
	t.Cleanup(stopX) // after the app's, which begin registers later
	env = maps.Clone(env)
	if env == nil {
		env = map[string]string{}
	}
	env["DISPLAY"], env["LIBGL_ALWAYS_SOFTWARE"] = s.display, "1"
	// A Wine desktop of its own, on this display: the prefix's default
	// desktop belongs to the first program that needed one, maybe one
	// started without a display (the Setup), and then no window can be
	// made on it.
	s.app = wineChild(env, "explorer", append([]string{"/desktop=" + name + ",1400x1200", program}, args...)...)
	s.app.begin(t)
	// The desktop is one colour until the window is drawn on it.
	shot := s.settle("window drawn", name+"-failed", func(img *image.RGBA) bool {
		_, share := commonest(img)
		return share < 0.8
	})
	s.save(name, cropToWindow(shot))
}

// commonest is img's commonest colour and the share of its pixels that
// have it.
func commonest(img *image.RGBA) (uint32, float64) {
	counts := map[uint32]int{}
	var best uint32
	for i := 0; i+3 < len(img.Pix); i += 4 {
		c := uint32(img.Pix[i])<<16 | uint32(img.Pix[i+1])<<8 | uint32(img.Pix[i+2])
		counts[c]++
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best, float64(counts[best]) / float64(len(img.Pix)/4)
}

// cropToWindow cuts the desktop around the window out of img: the window
// is where most rows and columns are not the desktop's colour (the pointer
// is too small to count).
func cropToWindow(img *image.RGBA) *image.RGBA {
	desktop, _ := commonest(img)
	b := img.Bounds()
	rows, cols := make([]int, b.Dy()), make([]int, b.Dx())
	for y := range b.Dy() {
		for x := range b.Dx() {
			o := img.PixOffset(b.Min.X+x, b.Min.Y+y)
			if uint32(img.Pix[o])<<16|uint32(img.Pix[o+1])<<8|uint32(img.Pix[o+2]) != desktop {
				rows[y]++
				cols[x]++
			}
		}
	}
	// span is the first and past the last index counting over least.
	span := func(counts []int, least int) (lo, hi int) {
		lo = -1
		for i, n := range counts {
			if n > least {
				if lo < 0 {
					lo = i
				}
				hi = i + 1
			}
		}
		return lo, hi
	}
	y0, y1 := span(rows, b.Dx()/4)
	x0, x1 := span(cols, b.Dy()/4)
	if y0 < 0 || x0 < 0 {
		return img
	}
	return img.SubImage(image.Rect(x0, y0, x1, y1).Add(b.Min)).(*image.RGBA)
}
