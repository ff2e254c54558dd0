//go:build !nogui

package app

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"boxuploader/upload/boxapi"
	"boxuploader/widgets"
)

// PrefLastFolder is the Box folder the browser showed last: it opens there
// next time.
const PrefLastFolder = "browse.last_folder"

// browser is the "Choose in Box…" dialog: a Box folder to look through,
// search, and pick a file or a folder from.
type browser struct {
	w      *window
	view   *widgets.BoxBrowser
	dialog dialog.Dialog
	folder string // the folder shown

	mu     sync.Mutex
	cancel context.CancelFunc // the listing or search under way
}

// showBrowser opens the Box browser; onFile and onFolder get the choice
// (nil hides that choice). It opens in the folder used last.
func (w *window) showBrowser(title string, onFile func(id string), onFolder func(id string)) *browser {
	b := &browser{w: w, view: widgets.NewBoxBrowser()}
	b.view.OnOpen = b.open
	b.view.OnSearch = b.search
	if onFile != nil {
		b.view.OnPickFile = func(e widgets.BoxEntry) { b.close(); onFile(e.ID) }
	}
	if onFolder != nil {
		b.view.OnPickFolder = func(c widgets.Crumb) { b.close(); onFolder(c.ID) }
	}
	b.view.OnPaste = func(text string) { b.paste(text, onFile, onFolder) }
	b.dialog = dialog.NewCustom(title, lang.L("Cancel"), b.view, w.win)
	b.dialog.SetOnClosed(b.stop)
	b.dialog.Resize(fyne.NewSize(720, 540))
	b.dialog.Show()
	b.open(w.prefs.StringWithFallback(PrefLastFolder, "0"))
	return b
}

func (b *browser) close() { b.dialog.Hide() }

// stop ends the look-up under way, if any.
func (b *browser) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.cancel != nil {
		b.cancel()
	}
}

// begin starts a look-up, ending the one before.
func (b *browser) begin() context.Context {
	b.stop()
	b.mu.Lock()
	defer b.mu.Unlock()
	ctx, cancel := context.WithTimeout(b.w.ctx, lookupTimeout)
	b.cancel = cancel
	return ctx
}

// open shows folder id: its path first, then its items page by page.
func (b *browser) open(id string) {
	w := b.w
	b.folder = id
	b.view.SetBusy(lookingUpSentence(true))
	ctx := b.begin()
	client := w.be.client
	w.work.Go(func() {
		folder, err := client.FolderInfo(ctx, id)
		if err != nil && id != "0" && ctx.Err() == nil { // the last folder is gone: start from All Files
			w.ui.do(func() { b.open("0") })
			return
		}
		first := true
		if err == nil {
			err = client.ListFolder(ctx, id, func(items []boxapi.Item) error {
				entries := browserEntries(items, false)
				isFirst := first
				first = false
				w.ui.do(func() {
					if isFirst {
						b.view.ShowFolder(crumbs(folder), entries)
						w.prefs.SetString(PrefLastFolder, id)
					} else {
						b.view.AppendEntries(entries)
					}
				})
				return ctx.Err()
			})
		}
		w.ui.do(func() { b.finished(err, emptyFolderSentence()) })
	})
}

// search shows the files whose name contains query.
func (b *browser) search(query string, within bool) {
	w := b.w
	b.view.SetBusy(searchingSentence())
	ctx := b.begin()
	in := ""
	if within {
		in = b.folder
	}
	client := w.be.client
	w.work.Go(func() {
		hits, err := client.SearchFiles(ctx, query, in, 0)
		w.ui.do(func() {
			if err == nil {
				b.view.ShowResults(browserEntries(hits.Entries, true))
			}
			b.finished(err, noFilesFoundSentence())
		})
	})
}

// finished says what went wrong, or that there is nothing to show.
func (b *browser) finished(err error, empty string) {
	switch {
	case err != nil && b.w.ctx.Err() == nil:
		b.view.SetMessage(Explain(err))
	case len(b.view.Entries()) == 0:
		b.view.SetMessage(empty)
	default:
		b.view.SetBusy("")
	}
}

// crumbs is the path of f, All Files first, as the browser shows it.
func crumbs(f *boxapi.Folder) []widgets.Crumb {
	var out []widgets.Crumb
	if f.PathCollection != nil {
		for _, p := range f.PathCollection.Entries {
			out = append(out, widgets.Crumb{ID: p.ID, Name: folderName(p)})
		}
	}
	return append(out, widgets.Crumb{ID: f.ID, Name: folderName(*f)})
}

// browserEntries are Box items as the browser lists them: folders first,
// then files with their size and when and by whom they were modified (or,
// for search hits, where they are).
func browserEntries(items []boxapi.Item, hits bool) []widgets.BoxEntry {
	var folders, files []widgets.BoxEntry
	for _, it := range items {
		e := widgets.BoxEntry{ID: it.ID, Name: it.Name, Folder: it.Type == "folder"}
		switch {
		case e.Folder:
			e.Detail = folderDetail(it)
			folders = append(folders, e)
		case it.Type == "file":
			e.Detail = itemDetail(it)
			if hits {
				e.Detail = itemPath(it)
			}
			files = append(files, e)
		}
	}
	return append(folders, files...)
}

// paste takes a pasted Box link or ID: a file or a folder, as the choice.
func (b *browser) paste(text string, onFile, onFolder func(id string)) {
	w := b.w
	ref, err := parseTarget(text)
	if err != nil {
		b.view.SetMessage(Explain(err))
		return
	}
	b.view.SetBusy(lookingUpSentence(!ref.file))
	ctx := b.begin()
	client := w.be.client
	w.work.Go(func() {
		file, _, err := resolveTarget(ctx, client, ref)
		w.ui.do(func() {
			pick := onFolder
			if file != nil {
				pick = onFile
			}
			if err != nil || pick == nil {
				b.view.SetMessage(Explain(err))
				return
			}
			b.close()
			pick(ref.id)
		})
	})
}
