package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// requireDisplay is set by `make test`: there, a missing Xvfb is a failure.
const requireDisplay = "BOXUPLOADER_REQUIRE_DISPLAY"

// TestWindow_RealUnderXvfb starts the real app (`demo FILE`) on a virtual
// X display, waits until its window has been drawn, and keeps a screenshot
// in artifacts/ for people to look at: in English, and in Japanese with a
// Japanese file name on a machine that has no Japanese font of its own.
func TestWindow_RealUnderXvfb(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		env        map[string]string
		short      bool // also under -short
	}{
		{"window-demo", "Quarterly report.pdf", nil, true},
		{"window-demo-ja", "四半期報告書.pdf", map[string]string{"LANG": "ja_JP.UTF-8"}, false},
		{"window-demo-light", "Quarterly report.pdf", map[string]string{"FYNE_THEME": "light"}, false},
		{"window-demo-hidpi", "Quarterly report.pdf", map[string]string{"FYNE_SCALE": "1.5"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && !tc.short {
				t.Skip("-short: ~10 s of a real window each; window-demo already shows the window opens and draws")
			}
			t.Parallel() // each has an X display, a HOME and a screenshot of its own
			screenshotDemo(t, tc.name, tc.file, tc.env)
		})
	}
}

func screenshotDemo(t *testing.T, name, file string, extra map[string]string) {
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		if os.Getenv(requireDisplay) == "1" {
			t.Fatal("Xvfb is not installed (.ci/install-deps installs it)")
		}
		t.Skip("no Xvfb here; make test installs it")
	}
	fbdir := t.TempDir()
	display, stopX := startXvfb(t, xvfb, fbdir)
	defer stopX()

	path, _ := writeFile(t, file, 3_000_000)
	home := t.TempDir() // as on a desktop: a HOME with its usual folders, a runtime dir
	for _, d := range []string{".cache", ".config", ".local/share", "run"} {
		os.MkdirAll(filepath.Join(home, d), 0o700)
	}
	env := map[string]string{
		"DISPLAY": display, "HOME": home,
		"XDG_RUNTIME_DIR": filepath.Join(home, "run"), "LIBGL_ALWAYS_SOFTWARE": "1",
	}
	for k, v := range extra {
		env[k] = v
	}
	app := start(t, env, "demo", path)
	defer app.kill() // before Xvfb stops
	failf := func(format string, args ...any) {
		t.Helper()
		app.kill()
		xlog, _ := os.ReadFile(filepath.Join(fbdir, "xvfb.log"))
		t.Fatalf(format+"; its output:\n%s%s\nXvfb's:\n%s", append(args, app.stdout.String(), app.stderr.String(), xlog)...)
	}

	// Wait until the screen holds a drawn window (text and widgets, not a
	// blank or black rectangle) that has not changed for a second. Xvfb
	// says nothing when its framebuffer changes, so this samples it.
	const interval, settled = 200 * time.Millisecond, 5 // 5 × 200 ms unchanged
	tick := time.NewTicker(interval)
	defer tick.Stop()
	deadline := time.After(90 * time.Second)
	var shot *image.RGBA
	for same := 0; same < settled; {
		select {
		case <-app.done:
			failf("the app ended (%v) before drawing a window", app.err)
		case <-deadline:
			failf("no window drawn within 90 s")
		case <-tick.C:
		}
		img, err := readXWD(filepath.Join(fbdir, "Xvfb_screen0"))
		switch {
		case err != nil:
			same = 0
		case shot != nil && bytes.Equal(img.Pix, shot.Pix):
			same++
		case coverage(img) > 0.1 && countColours(img) > 40:
			shot, same = img, 1
		default:
			shot, same = nil, 0
		}
	}
	out := filepath.Join("artifacts", name+".png")
	os.MkdirAll("artifacts", 0o755)
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, shot); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d colours, %.0f%% of the screen drawn)", out, countColours(shot), 100*coverage(shot))
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
