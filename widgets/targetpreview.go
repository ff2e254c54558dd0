package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

const previewIconSize = 40

// Item is what a TargetPreview shows of a Box file or folder.
type Item struct {
	// Icon is the file's or folder's icon; nil shows theme.FileIcon.
	Icon fyne.Resource
	// Title is the name in Box, shown in bold on one line.
	Title string
	// Lines are shown under the title, one line each, such as
	// "52 MB · modified 3 Nov 2026 14:02 by Ana" or "in folder Videos".
	Lines []string
}

type previewMode int

const (
	previewEmpty previewMode = iota
	previewBusy
	previewItem
	previewMessage
)

// TargetPreview is the card that tells the person what the Box link or ID
// they pasted points to: nothing yet, a lookup under way, the file or
// folder, or a message. Long texts are cut with an ellipsis, or wrapped for
// messages, and never widen the window.
//
// Create it with NewTargetPreview and use it on Fyne's goroutine.
type TargetPreview struct {
	widget.BaseWidget

	mode    previewMode
	text    string
	isError bool
	item    Item
}

// NewTargetPreview returns an empty, hidden preview.
func NewTargetPreview() *TargetPreview {
	p := &TargetPreview{}
	p.ExtendBaseWidget(p)
	p.Hide()
	return p
}

// Clear empties the preview and hides it, so that it takes no room.
func (p *TargetPreview) Clear() {
	p.setMode(previewEmpty)
}

// SetBusy shows an activity indicator and text, such as
// "Looking up the file…".
func (p *TargetPreview) SetBusy(text string) {
	p.text = text
	p.setMode(previewBusy)
}

// SetItem shows the file or folder item.
func (p *TargetPreview) SetItem(item Item) {
	p.item = item
	p.setMode(previewItem)
}

// SetMessage shows text; if isError, in the theme's error colour next to an
// error icon, so that it does not rely on colour alone.
func (p *TargetPreview) SetMessage(text string, isError bool) {
	p.text, p.isError = text, isError
	p.setMode(previewMessage)
}

func (p *TargetPreview) setMode(mode previewMode) {
	p.mode = mode
	if mode == previewEmpty {
		p.Hide()
	} else {
		p.Show()
	}
	p.Refresh()
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (p *TargetPreview) CreateRenderer() fyne.WidgetRenderer {
	background := &canvas.Rectangle{}

	activity := widget.NewActivity()
	busyText := widget.NewLabel("")
	busy := container.NewBorder(nil, nil, activity, nil, busyText)

	itemIcon := bigIcon(nil, previewIconSize)
	itemText := widget.NewRichText()
	itemText.Truncation = fyne.TextTruncateEllipsis
	item := container.NewBorder(nil, nil, itemIcon, nil, itemText)

	errorIcon := theme.NewErrorThemedResource(theme.ErrorIcon())
	messageIcon := widget.NewIcon(nil)
	messageText := &widget.Label{Wrapping: fyne.TextWrapWord}
	message := container.NewBorder(nil, nil, messageIcon, nil, messageText)

	content := container.NewStack(background, container.NewPadded(container.NewStack(busy, item, message)))
	return newStateRenderer(content, func() {
		paintPanel(background, p.Theme())

		busy.Hidden = p.mode != previewBusy
		item.Hidden = p.mode != previewItem
		message.Hidden = p.mode != previewMessage
		if p.mode == previewBusy {
			activity.Start()
		} else {
			activity.Stop() // no animation running out of sight
		}

		busyText.Text = p.text
		messageText.Text = p.text

		itemIcon.Resource = p.item.Icon
		if itemIcon.Resource == nil {
			itemIcon.Resource = theme.FileIcon()
		}
		itemText.Segments = textLines(p.item.Title, p.item.Lines...)

		messageIcon.Resource = theme.InfoIcon()
		messageText.Importance = widget.MediumImportance
		if p.isError {
			messageIcon.Resource = errorIcon
			messageText.Importance = widget.DangerImportance
		}
	})
}

// textLines returns rich-text segments showing title in bold and each line
// under it, on rows of their own. One rich text keeps the lines closer
// together than a column of labels, each with its own padding.
func textLines(title string, lines ...string) []widget.RichTextSegment {
	bold := widget.RichTextStyleParagraph
	bold.TextStyle.Bold = true
	segments := []widget.RichTextSegment{&widget.TextSegment{Text: title, Style: bold}}
	for _, line := range lines {
		segments = append(segments, &widget.TextSegment{Text: line, Style: widget.RichTextStyleParagraph})
	}
	return segments
}
