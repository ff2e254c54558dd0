package widgets

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

const longName = "Interview with the regional director, full length, colour graded, final.mov"

func TestTransferRow_states(t *testing.T) {
	tests := []struct {
		state    State
		status   string
		buttons  []string
		progress bool
		activity bool
	}{
		{StateWaiting, "Waiting", []string{"Change…", "Cancel"}, false, false},
		{StateUploading, "Uploading", []string{"Cancel"}, true, false},
		{StateWaitingNetwork, "Waiting for the network", []string{"Cancel"}, true, false},
		{StateFinishing, "Finishing…", []string{"Cancel"}, true, true},
		{StateDone, "Uploaded — version 3", []string{"Open in Box", "Remove from list"}, false, false},
		{StateCancelled, "Cancelled", []string{"Remove from list"}, false, false},
		{StateFailed, "Failed: This Box file is locked", []string{"Change…", "Try again", "Details", "Remove from list"}, false, false},
		{StateRefused, "Folders can't be uploaded", []string{"Details", "Remove from list"}, false, false},
		{StateUpToDate, "Already up to date in Box", []string{"Change…", "Upload anyway", "Remove from list"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			test.NewTempApp(t)
			row := NewTransferRow("video.mov", "52 MB")
			row.OnOpen, row.OnChange, row.OnRetry, row.OnForce = func() {}, func() {}, func() {}, func() {}
			row.SetDetails("HTTP 423 locked")
			test.NewTempWindow(t, row).Resize(fyne.NewSize(600, 200))

			row.SetState(tt.state, tt.status)
			if got := buttons(row); !slices.Equal(got, tt.buttons) {
				t.Errorf("buttons %q, want %q", got, tt.buttons)
			}
			if !reads(row, tt.status) {
				t.Errorf("reads %q, want the status %q", texts(row), tt.status)
			}
			if got := isShown[*widget.ProgressBar](row); got != tt.progress {
				t.Errorf("progress bar shown: %v, want %v", got, tt.progress)
			}
			if got := isShown[*widget.Activity](row); got != tt.activity {
				t.Errorf("activity indicator shown: %v, want %v", got, tt.activity)
			}
			if row.State() != tt.state {
				t.Errorf("State() = %v, want %v", row.State(), tt.state)
			}
		})
	}
}

func TestTransferRow_uploading(t *testing.T) {
	test.NewTempApp(t)
	row := NewTransferRow(longName, "1.2 GB")
	cancel, cancelled := counter()
	row.OnCancel = cancel
	w := test.NewTempWindow(t, container.NewVBox(row))
	w.Resize(fyne.NewSize(480, 160))

	row.SetState(StateUploading, "Uploading")
	row.SetProgress(0.45, "45%", "12 MB/s", "2 min left")
	assertMarkup(t, w, "transferrow/uploading.xml")

	row.SetProgress(0.5, "50%", "", "")
	if reads(row, "12 MB/s") || reads(row, "2 min left") || !reads(row, "50%") {
		t.Errorf("after SetProgress with no speed nor time left, reads %q", texts(row))
	}

	// Cancel is the first thing the keyboard reaches; Space presses it.
	w.Canvas().FocusNext()
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if *cancelled != 1 {
		t.Errorf("Space on the focused Cancel called OnCancel %d times, want 1", *cancelled)
	}
}

func TestTransferRow_done(t *testing.T) {
	test.NewTempApp(t)
	row := NewTransferRow(longName, "1.2 GB")
	open, opened := counter()
	remove, removed := counter()
	row.OnOpen, row.OnRemove = open, remove
	w := test.NewTempWindow(t, container.NewVBox(row))
	w.Resize(fyne.NewSize(480, 160))

	row.SetState(StateUploading, "Uploading")
	row.SetState(StateDone, "Uploaded — version 3")
	assertMarkup(t, w, "transferrow/done.xml")

	test.Tap(button(t, row, "Open in Box"))
	test.Tap(button(t, row, "Remove from list"))
	if *opened != 1 || *removed != 1 {
		t.Errorf("OnOpen and OnRemove called %d and %d times, want once each", *opened, *removed)
	}
}

func TestTransferRow_doneWithoutOnOpen(t *testing.T) {
	test.NewTempApp(t)
	row := NewTransferRow("video.mov", "52 MB")
	test.NewTempWindow(t, row)

	row.SetState(StateDone, "Uploaded")
	if got := buttons(row); !slices.Equal(got, []string{"Remove from list"}) {
		t.Errorf("buttons %q, want Remove from list alone", got)
	}
}

func TestTransferRow_failedDetails(t *testing.T) {
	test.NewTempApp(t)
	row := NewTransferRow("video.mov", "52 MB")
	w := test.NewTempWindow(t, container.NewVBox(row))
	w.Resize(fyne.NewSize(480, 200))
	const details = "PUT /api/2.0/files/123/content: 423 Locked (request id 8f2c)"

	row.SetState(StateFailed, "Failed: This Box file is locked. Ask its owner to unlock it, then try again.")
	if slices.Contains(buttons(row), "Details") {
		t.Error("Details shows before there are details")
	}
	row.SetDetails(details)
	if reads(row, details) {
		t.Error("the details show before Details is tapped")
	}

	test.Tap(button(t, row, "Details"))
	if !reads(row, details) {
		t.Errorf("after tapping Details, reads %q, want the details", texts(row))
	}
	assertMarkup(t, w, "transferrow/failed.xml")

	test.Tap(button(t, row, "Hide details"))
	if reads(row, details) {
		t.Error("the details still show after tapping Hide details")
	}
}

func TestTransferRow_target(t *testing.T) {
	test.NewTempApp(t)
	row := NewTransferRow("見積書.xlsx", "52 KB")
	test.NewTempWindow(t, row).Resize(fyne.NewSize(600, 200))
	if isShown[*widget.Label](row) && reads(row, "→") {
		t.Error("a target shows before one is set")
	}
	row.SetTarget("→ 営業部 / 2026 / 見積書.xlsx, version 4", false)
	if !reads(row, "→ 営業部 / 2026 / 見積書.xlsx, version 4") {
		t.Errorf("reads %q, want the target", texts(row))
	}
}
