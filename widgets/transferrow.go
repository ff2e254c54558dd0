package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// State is where a file of the upload queue stands. It decides which parts
// of its TransferRow show.
type State int

const (
	// StateWaiting is a file queued behind others.
	StateWaiting State = iota
	// StateUploading is a file being sent.
	StateUploading
	// StateWaitingNetwork is an upload paused until the network is back.
	StateWaitingNetwork
	// StateFinishing is an upload whose bytes are all sent, while Box puts
	// the file together.
	StateFinishing
	// StateDone is a file Box has confirmed.
	StateDone
	// StateCancelled is an upload the person cancelled.
	StateCancelled
	// StateFailed is an upload that was tried and failed.
	StateFailed
	// StateRefused is a file that cannot be uploaded at all, such as a
	// folder or an empty file; nothing was sent.
	StateRefused
	// StateUpToDate is a file whose Box file already holds the same bytes:
	// nothing needs sending.
	StateUpToDate
)

// sending reports whether bytes are on their way: the progress shows.
func (s State) sending() bool {
	return s == StateUploading || s == StateWaitingNetwork || s == StateFinishing
}

// Ended reports whether nothing more will happen to the file.
func (s State) Ended() bool {
	return s != StateWaiting && !s.sending()
}

// failed reports whether the file did not make it, for a reason to show.
func (s State) failed() bool {
	return s == StateFailed || s == StateRefused
}

// TransferRow shows one file of the upload queue on a card of two or three
// lines: the name (cut in the middle when too long, so the extension stays
// visible), its size and the buttons that apply; a progress bar while
// sending; and a status line with the speed and the time left.
//
// Create it with NewTransferRow and use it on Fyne's goroutine.
type TransferRow struct {
	widget.BaseWidget

	// OnCancel is called by the Cancel button, shown until the upload ends.
	OnCancel func()
	// OnOpen is called by the "Open in Box" button, shown once the upload
	// is done, and only if OnOpen is set by then.
	OnOpen func()
	// OnRemove is called by the button that removes an ended upload from
	// the list.
	OnRemove func()
	// OnChange is called by the "Change…" button, which chooses where the
	// file goes: shown before it is sent, if OnChange is set.
	OnChange func()
	// OnRetry is called by the "Try again" button of a failed upload, if set.
	OnRetry func()
	// OnForce is called by the "Upload anyway" button of a file already up
	// to date in Box, if set.
	OnForce func()

	name, size               string
	target                   string
	targetWarning            bool
	state                    State
	status                   string
	fraction                 float64
	percent, speed, timeLeft string
	details                  string
	showDetails              bool
	extra                    fyne.CanvasObject
}

// NewTransferRow returns a waiting row for the file called name, of size
// (as the app formats it, such as "52 MB").
func NewTransferRow(name, size string) *TransferRow {
	r := &TransferRow{name: name, size: size}
	r.ExtendBaseWidget(r)
	return r
}

// SetTarget shows where the file goes, such as "→ Sales / 2026 /
// Quote.xlsx, version 4 of 12 May by Tanaka", under its name; warning
// shows it in the theme's warning colour (the Box file's name or type
// differs from the file's). "" shows nothing.
func (r *TransferRow) SetTarget(text string, warning bool) {
	r.target, r.targetWarning = text, warning
	r.Refresh()
}

// State returns the state last set.
func (r *TransferRow) State() State {
	return r.state
}

// SetState moves the row to state s, with the status sentence text, such as
// "Uploading", "Uploaded — version 3" or "Failed: This Box file is locked…".
// Failed and refused uploads show it in the theme's error colour next to an
// error icon; done uploads next to a confirmation icon.
func (r *TransferRow) SetState(s State, text string) {
	r.state, r.status = s, text
	r.Refresh()
}

// SetProgress sets the progress bar to fraction (0 to 1) and shows percent
// in it and speed and timeLeft after the status, as the app formats them
// ("45%", "12 MB/s", "2 min left"). Empty strings show nothing. They show
// only while uploading, waiting for the network or finishing.
func (r *TransferRow) SetProgress(fraction float64, percent, speed, timeLeft string) {
	r.fraction, r.percent, r.speed, r.timeLeft = fraction, percent, speed, timeLeft
	r.Refresh()
}

// SetDetails sets the technical details of a failure, for support. A failed
// or refused row with details has a Details button that shows them as
// selectable text, which can be copied.
func (r *TransferRow) SetDetails(text string) {
	r.details = text
	r.Refresh()
}

// SetExtra shows o at the bottom of the row, such as the list of a
// folder's files; nil shows nothing.
func (r *TransferRow) SetExtra(o fyne.CanvasObject) {
	r.extra = o
	r.Refresh()
}

func (r *TransferRow) toggleDetails() {
	r.showDetails = !r.showDetails
	r.Refresh()
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (r *TransferRow) CreateRenderer() fyne.WidgetRenderer {
	background := &canvas.Rectangle{}

	name := NewMiddleLabel("")
	name.TextStyle.Bold = true
	size := widget.NewLabel("")
	cancel := widget.NewButton(lang.L("Cancel"), func() { call(r.OnCancel) })
	open := widget.NewButton(lang.L("Open in Box"), func() { call(r.OnOpen) })
	details := widget.NewButton("", r.toggleDetails)
	remove := widget.NewButtonWithIcon(lang.L("Remove from list"), theme.CancelIcon(), func() { call(r.OnRemove) })
	remove.Importance = widget.LowImportance
	change := widget.NewButton(lang.L("Change…"), func() { call(r.OnChange) })
	retry := widget.NewButton(lang.L("Try again"), func() { call(r.OnRetry) })
	force := widget.NewButton(lang.L("Upload anyway"), func() { call(r.OnForce) })
	top := container.NewBorder(nil, nil, nil, container.NewHBox(size, change, retry, force, cancel, open, details, remove), name)
	target := &widget.Label{Wrapping: fyne.TextWrapWord}

	bar := widget.NewProgressBar()
	bar.TextFormatter = func() string { return r.percent }

	errorIcon := theme.NewErrorThemedResource(theme.ErrorIcon())
	doneIcon := theme.NewSuccessThemedResource(theme.ConfirmIcon())
	statusIcon := widget.NewIcon(nil)
	// Box may take minutes to put a big file together: moving dots say that
	// it is not stuck. (Not widget.ProgressBarInfinite: it starts moving as
	// soon as it is refreshed, hidden or not, in every waiting row.)
	activity := widget.NewActivity()
	marker := container.NewStack(statusIcon, activity)
	status := &widget.Label{Wrapping: fyne.TextWrapWord}
	speed := widget.NewLabel("")
	timeLeft := widget.NewLabel("")
	rates := container.NewHBox(speed, timeLeft)
	statusLine := container.NewBorder(nil, nil, marker, rates, status)

	detailsText := &widget.Label{Selectable: true, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Monospace: true}}

	extra := container.NewStack()

	content := container.NewStack(background, container.NewPadded(
		container.NewVBox(top, target, bar, statusLine, detailsText, extra)))
	return newStateRenderer(content, func() {
		paintPanel(background, r.Theme())
		s := r.state

		name.Text = r.name
		size.Text = r.size
		size.Hidden = r.size == ""
		cancel.Hidden = s.Ended()
		open.Hidden = s != StateDone || r.OnOpen == nil
		details.Hidden = !s.failed() || r.details == ""
		details.Text = lang.L("Details")
		if r.showDetails {
			details.Text = lang.L("Hide details")
		}
		remove.Hidden = !s.Ended()
		change.Hidden = r.OnChange == nil || (s != StateWaiting && s != StateUpToDate && s != StateFailed)
		retry.Hidden = r.OnRetry == nil || s != StateFailed
		force.Hidden = r.OnForce == nil || s != StateUpToDate
		target.Text = r.target
		target.Hidden = r.target == ""
		target.Importance = widget.MediumImportance
		if r.targetWarning {
			target.Importance = widget.WarningImportance
		}

		bar.Hidden = !s.sending()
		bar.Value = r.fraction
		activity.Hidden = s != StateFinishing
		if s == StateFinishing {
			bar.Value = 1 // all sent, whatever the last progress said
			activity.Start()
		} else {
			activity.Stop()
		}

		statusIcon.Resource = nil
		status.Importance = widget.MediumImportance
		switch {
		case s.failed():
			statusIcon.Resource = errorIcon
			status.Importance = widget.DangerImportance
		case s == StateDone || s == StateUpToDate:
			// The icon alone is green: the default light theme's green
			// is too pale on white for text.
			statusIcon.Resource = doneIcon
		}
		statusIcon.Hidden = statusIcon.Resource == nil
		marker.Hidden = statusIcon.Hidden && activity.Hidden
		status.Text = r.status
		speed.Text = r.speed
		speed.Hidden = !s.sending() || r.speed == ""
		timeLeft.Text = r.timeLeft
		timeLeft.Hidden = !s.sending() || r.timeLeft == ""
		rates.Hidden = speed.Hidden && timeLeft.Hidden
		statusLine.Hidden = r.status == "" && rates.Hidden

		detailsText.Text = r.details
		detailsText.Hidden = details.Hidden || !r.showDetails

		extra.Objects = nil
		if r.extra != nil {
			extra.Objects = []fyne.CanvasObject{r.extra}
		}
		extra.Hidden = r.extra == nil
	})
}
