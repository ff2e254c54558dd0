//go:build !nogui

package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"boxuploader/upload/boxtest"
)

func TestWindow_NetworkSettings(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	h.tap("Settings")
	h.see("Upload speed", "Proxy", "Automatic (this computer's settings)", "No limit")
	var host *widget.Entry
	ui(func() {
		var selects []*widget.Select
		var entries []*widget.Entry
		for _, x := range test.LaidOutObjects(h.w.win.Canvas().Overlays().Top()) {
			switch v := x.(type) {
			case *widget.Select:
				selects = append(selects, v)
			case *widget.Entry:
				entries = append(entries, v)
			}
		}
		selects[1].SetSelected("2.0 MB/s")
		selects[2].SetSelected("This proxy:")
		for _, e := range entries {
			if e.PlaceHolder == "proxy.example.co.jp:8080" {
				host = e
			}
		}
		host.SetText("proxy.example.co.jp") // no port
	})
	var invalid bool
	ui(func() { invalid = host.Validate() != nil })
	if !invalid {
		t.Error("a proxy address without its port is accepted")
	}
	ui(func() { host.SetText("proxy.example.co.jp:8080") })
	h.tap("Save")
	ui(func() {
		if got := h.w.prefs.Int(PrefBWLimit); got != 2_000_000 {
			t.Errorf("saved speed %d, want 2000000", got)
		}
		if lim := h.w.be.bw.lim.Limit(); lim != 2_000_000 {
			t.Errorf("the uploads' cap is %v, want 2000000 at once", lim)
		}
		s := settingsFrom(h.w.prefs)
		if s.Network.Proxy != proxyManual || s.Network.ProxyHost != "proxy.example.co.jp:8080" {
			t.Errorf("saved network %+v", s.Network)
		}
	})
}
