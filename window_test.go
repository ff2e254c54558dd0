package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"boxuploader/upload/boxtest"
)

// requireDisplay is set by `make test`: there, a missing Xvfb is a failure.
const requireDisplay = "BOXUPLOADER_REQUIRE_DISPLAY"

// TestWindow_RealUnderXvfb starts the real app (`demo FILE`) on a virtual
// X display, waits until its window has been drawn, and keeps a screenshot
// in artifacts/ for people to look at: in English, and in Japanese with a
// Japanese file name on a machine that has no Japanese font of its own.
// Then, as a person would, with real key presses: a queue of files, each
// with its own Box target, and the Box browser open over it.
func TestWindow_RealUnderXvfb(t *testing.T) {
	ja := map[string]string{"LANG": "ja_JP.UTF-8"}
	for _, tc := range []struct {
		name, file string
		env        map[string]string
		short      bool // also under -short
	}{
		{"window-demo", "Quarterly report.pdf", nil, true},
		{"window-demo-ja", "四半期報告書.pdf", ja, false},
		{"window-demo-light", "Quarterly report.pdf", map[string]string{"FYNE_THEME": "light"}, false},
		{"window-demo-hidpi", "Quarterly report.pdf", map[string]string{"FYNE_SCALE": "1.5"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && !tc.short {
				t.Skip("-short: ~10 s of a real window each; window-demo already shows the window opens and draws")
			}
			t.Parallel() // each has an X display, a HOME and a screenshot of its own
			path, _ := writeFile(t, tc.file, 3_000_000)
			s := openWindow(t, tc.env, "demo", path)
			s.save(tc.name, s.settle("window drawn", tc.name+"-failed", nil))
		})
	}
	for _, tc := range []struct {
		suffix string
		env    map[string]string
		short  bool
	}{
		{"", nil, true},
		{"-ja", ja, false},
	} {
		t.Run("window-targets"+tc.suffix, func(t *testing.T) {
			if testing.Short() && !tc.short {
				t.Skip("-short: the English window shows the same queue and browser")
			}
			t.Parallel()
			screenshotTargets(t, tc.suffix, tc.env)
		})
		t.Run("window-settings"+tc.suffix, func(t *testing.T) {
			if testing.Short() && !tc.short {
				t.Skip("-short: the English window shows the same dialog")
			}
			t.Parallel()
			screenshotSettings(t, tc.suffix, tc.env)
		})
		t.Run("window-folder"+tc.suffix, func(t *testing.T) {
			if testing.Short() && !tc.short {
				t.Skip("-short: the English window shows the same plan and progress")
			}
			t.Parallel()
			screenshotFolder(t, tc.suffix, tc.env)
		})
	}
}

// screenshotTargets queues three files for the demo's 営業部/2026: two
// find their namesakes there (ﾚﾎﾟｰﾄ.docx only once its name is
// normalized), the third becomes a new file. Then it opens "Choose in
// Box…" and 営業部 in it from the keyboard, as a person would.
func screenshotTargets(t *testing.T, suffix string, env map[string]string) {
	xdotool := needXdotool(t)
	// The app's pretend Box makes the same tree, with the same IDs.
	box := boxtest.NewServer(boxtest.Options{})
	tree := box.AddDemoTree()
	box.Close()
	dir := t.TempDir()
	args := []string{"demo", "--folder-id", tree.Sales2026}
	for i, name := range []string{"見積書.xlsx", "レポート.docx", "議事録.docx"} {
		path := filepath.Join(dir, name)
		if _, err := boxtest.WriteRandomFile(path, int64(2_000+1_500*i)); err != nil {
			t.Fatal(err)
		}
		args = append(args, path)
	}
	s := openWindow(t, env, args...)
	// At its first size, 820×720, the third row and the target field are
	// below the fold: make the window taller, as a person would, once it
	// shows (made taller before its first drawing, it may go back).
	s.settle("window drawn", "window-targets"+suffix+"-failed", nil)
	s.input(xdotool, "search", "--sync", "--onlyvisible", "--limit", "1", "--name", "Box Uploader",
		"windowsize", "--sync", "%@", "820", "1150")
	queue := s.settle("window drawn 820×1150", "window-targets"+suffix+"-failed", func(img *image.RGBA) bool {
		return coverage(img) > 0.5 // of 1400×1200
	})
	s.save("window-targets"+suffix, queue)

	// Tab goes to "Choose file…" and "Choose folder…", through each row's
	// two buttons (Change…, Cancel), to "Choose in Box…"; space presses it.
	keys := []string{"key", "--delay", "50"}
	for range 2 + 2*3 + 1 {
		keys = append(keys, "Tab")
	}
	s.input(xdotool, append(keys, "space")...)
	// On a busy machine the screen can stand still for a second between two
	// key presses: what must be there is waited for, not just stillness.
	// The browser shows All Files and keeps that for next time; the dialog
	// dims the window behind it, even the demo banner at its top, which
	// nothing else changes.
	s.waitPref("browse.last_folder", "0")
	banner := image.Rect(0, 0, 820, 40)
	allFiles := s.settle("Box browser open", "window-browse"+suffix+"-failed", func(img *image.RGBA) bool {
		return !sameRegion(img, queue, banner)
	})

	// In the browser, Tab goes from the top down: the link field, the
	// search field, "Only in this folder", then the list of All Files;
	// 営業部 is its fifth line, after the four English folders: Down four
	// times, and space opens it.
	s.input(xdotool, "key", "--delay", "50", "Tab", "Tab", "Tab", "Tab", "Down", "Down", "Down", "Down", "space")
	s.waitPref("browse.last_folder", tree.Sales)
	browse := s.settle("営業部 open in the Box browser", "window-browse"+suffix+"-failed", func(img *image.RGBA) bool {
		return !bytes.Equal(img.Pix, allFiles.Pix) && !sameRegion(img, queue, banner)
	})
	s.save("window-browse"+suffix, browse)
}

// sameRegion says whether a and b are the same within r.
func sameRegion(a, b *image.RGBA, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		if !bytes.Equal(a.Pix[a.PixOffset(r.Min.X, y):a.PixOffset(r.Max.X, y)], b.Pix[b.PixOffset(r.Min.X, y):b.PixOffset(r.Max.X, y)]) {
			return false
		}
	}
	return true
}

// needXdotool is the path of xdotool, which sends real key presses and
// clicks.
func needXdotool(t *testing.T) string {
	xdotool, err := exec.LookPath("xdotool")
	if err != nil {
		if os.Getenv(requireDisplay) == "1" {
			t.Fatal("xdotool is not installed (.ci/install-deps installs it)")
		}
		t.Skip("no xdotool here; make test installs it")
	}
	return xdotool
}

// screenshotFolder queues a folder for a slow Box through the real window
// (as `boxuploader --folder-id ID FOLDER` does): Box already holds part of
// it, so its plan has something of everything. Then Upload, the question
// and the folder's progress, clicked as a person would.
func screenshotFolder(t *testing.T, suffix string, env map[string]string) {
	xdotool := needXdotool(t)
	box := boxtest.NewServer(boxtest.Options{BandwidthPerConn: 2 << 20})
	t.Cleanup(box.Close)
	into := box.AddFolder("0", "営業部")
	dir := filepath.Join(t.TempDir(), "Project 2027")
	for name, size := range map[string]int64{
		"資料/見積書.xlsx": 40_000, "資料/議事録.docx": 25_000, "readme.txt": 1_200,
		"video.mp4": 60_000_000, ".DS_Store": 600, "draft ": 100,
	} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(path), 0o755)
		if _, err := boxtest.WriteRandomFile(path, size); err != nil {
			t.Fatal(err)
		}
	}
	// Box holds the folder already, readme.txt as it is here and an older
	// 議事録.docx.
	project := box.AddFolder(into, "Project 2027")
	readme, _ := os.ReadFile(filepath.Join(dir, "readme.txt"))
	box.AddFile(project, "readme.txt", readme)
	box.AddFileInfo(box.AddFolder(project, "資料"), "議事録.docx", 20_000, strings.Repeat("a", 40))
	env = maps.Clone(env)
	if env == nil {
		env = map[string]string{}
	}
	maps.Copy(env, boxEnv(box))
	s := openWindow(t, env, "--folder-id", into, dir)
	s.settle("window drawn", "window-folder"+suffix+"-failed", nil)
	s.input(xdotool, "search", "--sync", "--onlyvisible", "--limit", "1", "--name", "Box Uploader",
		"windowsize", "--sync", "%@", "820", "1150")
	plan := s.settle("the folder's plan", "window-folder"+suffix+"-failed", func(img *image.RGBA) bool {
		return coverage(img) > 0.5
	})
	s.save("window-folder-plan"+suffix, plan)

	// Upload is the last button at the bottom right; the question's
	// Upload is its first button from the right.
	s.input(xdotool, "mousemove", "770", "1125", "click", "1")
	question := s.settle("the question before uploading", "window-folder"+suffix+"-failed", func(img *image.RGBA) bool {
		return !bytes.Equal(img.Pix, plan.Pix)
	})
	s.save("window-folder-confirm"+suffix, question)
	// The question's buttons are Cancel, then Upload.
	s.input(xdotool, "key", "--delay", "50", "Tab", "Tab", "space")
	deadline := time.Now().Add(time.Minute)
	for box.Stats().PartBytes < 20_000_000 {
		if time.Now().After(deadline) {
			s.failf("the folder's big file did not start uploading")
		}
		time.Sleep(100 * time.Millisecond)
	}
	shot, err := readXWD(filepath.Join(s.fbdir, "Xvfb_screen0"))
	if err != nil {
		t.Fatal(err)
	}
	s.save("window-folder-progress"+suffix, shot)
}

// screenshotSettings opens the demo's Settings with a click, as a person
// would: the network's settings among them.
func screenshotSettings(t *testing.T, suffix string, env map[string]string) {
	xdotool := needXdotool(t)
	s := openWindow(t, env, "demo")
	window := s.settle("window drawn", "window-settings"+suffix+"-failed", nil)
	s.input(xdotool, "search", "--sync", "--onlyvisible", "--limit", "1", "--name", "Box Uploader",
		"windowsize", "--sync", "%@", "820", "1150")
	window = s.settle("window drawn 820×1150", "window-settings"+suffix+"-failed", func(img *image.RGBA) bool {
		return !bytes.Equal(img.Pix, window.Pix)
	})
	s.input(xdotool, "mousemove", "50", "1125", "click", "1") // Settings, at the bottom left
	// The dialog covers the middle of the window, which a button's hover
	// at the bottom leaves alone.
	middle := image.Rect(200, 300, 600, 700)
	dialog := s.settle("the Settings dialog", "window-settings"+suffix+"-failed", func(img *image.RGBA) bool {
		return !sameRegion(img, window, middle)
	})
	s.save("window-settings"+suffix, dialog)
}

// waitPref waits until the app has saved want as its preference key (the
// Box browser saves the folder it shows as app.PrefLastFolder).
func (s *screen) waitPref(key, want string) {
	s.t.Helper()
	const limit = 30 * time.Second
	var got any
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(s.home, ".config", "fyne", "*", "preferences.json"))
		for _, f := range files {
			b, _ := os.ReadFile(f)
			var prefs map[string]any
			if json.Unmarshal(b, &prefs) == nil {
				if got = prefs[key]; got == want {
					return
				}
			}
		}
	}
	s.failf("the app's preference %s is %v after %v, not %q", key, got, limit, want)
}

// screen is the real app running on a virtual display of its own.
type screen struct {
	t       *testing.T
	display string
	fbdir   string
	home    string // the app's HOME
	app     *child
}

// openWindow starts the app with args on a new virtual display, with a
// HOME of its own. The test's cleanup stops both.
func openWindow(t *testing.T, extra map[string]string, args ...string) *screen {
	t.Helper()
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		if os.Getenv(requireDisplay) == "1" {
			t.Fatal("Xvfb is not installed (.ci/install-deps installs it)")
		}
		t.Skip("no Xvfb here; make test installs it")
	}
	s := &screen{t: t, fbdir: t.TempDir()}
	var stopX func()
	s.display, stopX = startXvfb(t, xvfb, s.fbdir)
	t.Cleanup(stopX) // after the app's, which start registers later

	home := t.TempDir() // as on a desktop: a HOME with its usual folders, a runtime dir
	s.home = home
	for _, d := range []string{".cache", ".config", ".local/share", "run"} {
		os.MkdirAll(filepath.Join(home, d), 0o700)
	}
	env := map[string]string{
		"DISPLAY": s.display, "HOME": home,
		"XDG_RUNTIME_DIR": filepath.Join(home, "run"), "LIBGL_ALWAYS_SOFTWARE": "1",
	}
	for k, v := range extra {
		env[k] = v
	}
	s.app = start(t, env, args...)
	return s
}

// failf fails the test with the app's output and Xvfb's.
func (s *screen) failf(format string, args ...any) {
	s.t.Helper()
	s.app.cmd.Process.Kill()
	<-s.app.done
	xlog, _ := os.ReadFile(filepath.Join(s.fbdir, "xvfb.log"))
	s.t.Fatalf(format+"; its output:\n%s%s\nXvfb's:\n%s", append(args, s.app.stdout.String(), s.app.stderr.String(), xlog)...)
}

// settle waits until the screen holds a drawn window (text and widgets,
// not a blank or black rectangle) that accept takes (nil: any) and has not
// changed for a second, and returns it. Xvfb says nothing when its
// framebuffer changes, so this samples it. If none comes, the screen as it
// was is kept as artifacts/failed.png.
func (s *screen) settle(what, failed string, accept func(*image.RGBA) bool) *image.RGBA {
	s.t.Helper()
	const interval, settled, limit = 200 * time.Millisecond, 5, 90 * time.Second // 5 × 200 ms unchanged
	tick := time.NewTicker(interval)
	defer tick.Stop()
	deadline := time.After(limit)
	var shot, img *image.RGBA
	for same := 0; same < settled; {
		select {
		case <-s.app.done:
			s.failf("the app ended (%v) before showing %s", s.app.err, what)
		case <-deadline:
			if img != nil {
				s.save(failed, img)
			}
			s.failf("no %s within %v (the screen as it was: %s.png)", what, limit, failed)
		case <-tick.C:
		}
		var err error
		img, err = readXWD(filepath.Join(s.fbdir, "Xvfb_screen0"))
		switch {
		case err != nil:
			same = 0
		case shot != nil && bytes.Equal(img.Pix, shot.Pix):
			same++
		case coverage(img) > 0.1 && countColours(img) > 40 && (accept == nil || accept(img)):
			shot, same = img, 1
		default:
			shot, same = nil, 0
		}
	}
	return shot
}

// input sends real input events with xdotool, as from a keyboard and a
// mouse: the app cannot tell them from a person's.
func (s *screen) input(xdotool string, args ...string) {
	s.t.Helper()
	cmd := exec.Command(xdotool, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+s.display)
	cmd.WaitDelay = 10 * time.Second
	done := make(chan struct{})
	var out []byte
	var err error
	go func() {
		out, err = cmd.CombinedOutput()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
		s.failf("xdotool %s took over 30 s", strings.Join(args, " "))
	}
	if err != nil {
		s.failf("xdotool %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

// save keeps shot in artifacts/ as name.png.
func (s *screen) save(name string, shot *image.RGBA) {
	s.t.Helper()
	out := filepath.Join("artifacts", name+".png")
	os.MkdirAll("artifacts", 0o755)
	f, err := os.Create(out)
	if err != nil {
		s.t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, shot); err != nil {
		s.t.Fatal(err)
	}
	s.t.Logf("screenshot: %s (%d colours, %.0f%% of the screen drawn)", out, countColours(shot), 100*coverage(shot))
}

// startXvfb starts a virtual display whose framebuffer is mapped to a file
// in fbdir, and returns its name.
func startXvfb(t *testing.T, xvfb, fbdir string) (string, func()) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(xvfb, "-displayfd", "3", "-screen", "0", "1400x1200x24", "-fbdir", fbdir, "-br", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	xlog, _ := os.Create(filepath.Join(fbdir, "xvfb.log"))
	cmd.Stdout, cmd.Stderr = xlog, xlog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	// Xvfb writes the number and the newline separately: closing the pipe
	// before the newline kills it.
	r.SetReadDeadline(time.Now().Add(20 * time.Second))
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		cmd.Process.Kill()
		t.Fatalf("Xvfb did not start: %v", err)
	}
	num := strings.TrimSpace(line)
	return ":" + num, func() {
		cmd.Process.Kill()
		cmd.Wait()
	}
}

// readXWD decodes the X window dump Xvfb keeps its screen in (24-bit
// TrueColor, 32 bits per pixel).
func readXWD(path string) (*image.RGBA, error) {
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 100 {
		return nil, errors.New("no framebuffer yet")
	}
	h := func(i int) uint32 { return binary.BigEndian.Uint32(b[4*i:]) }
	headerSize, width, height := h(0), int(h(4)), int(h(5))
	byteOrder, bpp, bytesPerLine, ncolors := h(7), h(11), int(h(12)), h(19)
	if bpp != 32 {
		return nil, fmt.Errorf("%d bits per pixel", bpp)
	}
	off := int(headerSize) + int(ncolors)*12
	if len(b) < off+height*bytesPerLine {
		return nil, errors.New("short framebuffer")
	}
	var order binary.ByteOrder = binary.BigEndian
	if byteOrder == 0 {
		order = binary.LittleEndian
	}
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	pix := img.Pix
	for y := range height {
		row := b[off+y*bytesPerLine:]
		for x := range width {
			p := order.Uint32(row[4*x:])
			pix[0], pix[1], pix[2], pix[3] = uint8(p>>16), uint8(p>>8), uint8(p), 255
			pix = pix[4:]
		}
	}
	return img, nil
}

// coverage is the share of the screen that is not the black root window.
func coverage(img *image.RGBA) float64 {
	drawn := 0
	for i := 0; i < len(img.Pix); i += 4 {
		if img.Pix[i]|img.Pix[i+1]|img.Pix[i+2] != 0 {
			drawn++
		}
	}
	return float64(drawn) / float64(len(img.Pix)/4)
}

// countColours counts distinct colours: rendered text and widgets have
// many, a blank or uniformly filled window very few.
func countColours(img *image.RGBA) int {
	seen := make([]uint64, 1<<24/64) // a bit for each 24-bit colour
	n := 0
	for i := 0; i < len(img.Pix); i += 4 {
		c := uint32(img.Pix[i])<<16 | uint32(img.Pix[i+1])<<8 | uint32(img.Pix[i+2])
		if seen[c/64]&(1<<(c%64)) == 0 {
			seen[c/64] |= 1 << (c % 64)
			n++
		}
	}
	return n
}
