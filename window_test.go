package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
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
	}{
		{"window-demo", "Quarterly report.pdf", nil},
		{"window-demo-ja", "四半期報告書.pdf", map[string]string{"LANG": "ja_JP.UTF-8"}},
		{"window-demo-light", "Quarterly report.pdf", map[string]string{"FYNE_THEME": "light"}},
		{"window-demo-hidpi", "Quarterly report.pdf", map[string]string{"FYNE_SCALE": "1.5"}},
	} {
		t.Run(tc.name, func(t *testing.T) { screenshotDemo(t, tc.name, tc.file, tc.env) })
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
	app := exec.Command(os.Args[0], "demo", path)
	env := map[string]string{"DISPLAY": display, "HOME": home,
		"XDG_RUNTIME_DIR": filepath.Join(home, "run"), "LIBGL_ALWAYS_SOFTWARE": "1"}
	for k, v := range extra {
		env[k] = v
	}
	app.Env = childEnv(t, env)
	var appErr bytes.Buffer
	app.Stdout, app.Stderr = &appErr, &appErr
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	defer app.Process.Kill()

	// Wait until the screen holds a drawn window (text and widgets, not a
	// blank or black rectangle) that no longer changes.
	var shot *image.RGBA
	deadline := time.Now().Add(90 * time.Second)
	for prev := ""; ; time.Sleep(time.Second) {
		select {
		case err := <-exited:
			xlog, _ := os.ReadFile(filepath.Join(fbdir, "xvfb.log"))
			t.Fatalf("the app ended (%v) before drawing a window; its output:\n%s\nXvfb's:\n%s", err, appErr.String(), xlog)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no window drawn within 90 s; app output:\n%s", appErr.String())
		}
		img, err := readXWD(filepath.Join(fbdir, "Xvfb_screen0"))
		if err != nil {
			continue
		}
		sig := fmt.Sprint(countColours(img), coverage(img))
		if coverage(img) > 0.1 && countColours(img) > 40 && sig == prev {
			shot = img
			break
		}
		prev = sig
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
	for y := range height {
		for x := range width {
			p := order.Uint32(b[off+y*bytesPerLine+4*x:])
			img.SetRGBA(x, y, color.RGBA{uint8(p >> 16), uint8(p >> 8), uint8(p), 255})
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
	seen := map[[3]uint8]bool{}
	for i := 0; i < len(img.Pix); i += 4 {
		seen[[3]uint8{img.Pix[i], img.Pix[i+1], img.Pix[i+2]}] = true
	}
	return len(seen)
}
