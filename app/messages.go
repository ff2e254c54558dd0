package app

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"boxuploader/auth"
	"boxuploader/upload"
	"boxuploader/upload/boxapi"
)

// This file makes every sentence a person reads, in the window and on the
// command line alike; the rest of app/ only places them. Labels (a
// button's word, a heading) stay where they are shown.

// Explain turns any error from an upload into one sentence for a person who
// knows nothing about HTTP: what happened and what to do. It is the only
// place where such sentences are made.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	if s, ok := authSentence(err); ok {
		return s
	}
	if pe := (*upload.ProxyError)(nil); errors.As(err, &pe) {
		switch upload.KindOf(err) {
		case upload.KindProxyAuth:
			return lang.L("The proxy {{.Proxy}} asks for a user name and password. Enter them in Settings, under Proxy (your IT department gives them).", data{"Proxy": pe.Proxy})
		case upload.KindProxyRefused:
			return lang.L("The proxy {{.Proxy}} does not let this app through to Box. Check the proxy in Settings, or ask your IT department to allow api.box.com, upload.box.com and *.app.box.com.", data{"Proxy": pe.Proxy})
		}
	}
	if s, ok := sentence(upload.KindOf(err)); ok {
		return s
	}
	return lang.L("Something went wrong while talking to Box. Try again in a few minutes; if it keeps happening, send the details to your IT contact.")
}

// sentence is the sentence for an error of kind k, in the person's
// language; false for a kind without one of its own.
func sentence(k upload.Kind) (string, bool) {
	switch k {
	case upload.KindCanceled:
		return lang.L("The upload was cancelled. Nothing was changed in Box."), true
	case upload.KindFileMissing:
		return lang.L("That file does not exist any more. Check where it is and choose it again."), true
	case upload.KindNotAFile:
		return lang.L("That is a folder, not a file. Choose a single file to upload."), true
	case upload.KindUnreadable:
		return lang.L("This file cannot be opened. Check that you are allowed to read it and that it is not open in another program that locks it."), true
	case upload.KindInUse:
		return lang.L("This file is open in another program (Excel, for example) that keeps others from reading it. Close it there and try again."), true
	case upload.KindEmptyFile:
		return lang.L("This file is empty. Box keeps versions of files with content; choose the file you meant to upload."), true
	case upload.KindChangedLocally:
		return lang.L("The file changed while it was being uploaded, so nothing was replaced in Box. Upload it again when it is saved."), true
	case upload.KindBadFileID:
		return lang.L("That is not a Box file ID or a Box file link. Open the file in Box and copy the address from your browser."), true
	case upload.KindBadFolderID:
		return lang.L("That is not a Box folder ID or a Box folder link. Open the folder in Box and copy the address from your browser."), true
	case upload.KindFolderLink:
		return lang.L("That is a link to a folder, not a file. Open the file itself in Box and copy its address."), true
	case upload.KindFileLink:
		return lang.L("That is a link to a file, not a folder. Open the folder in Box and copy its address."), true
	case upload.KindSharedLink:
		return lang.L("That is a shared link, which does not say which file it is. Open it, then copy the address from your browser's address bar."), true
	case upload.KindInsecureURL:
		return lang.L("The server address uses plain http to another computer, which would expose your sign-in. Use an https address."), true
	case upload.KindBadURL:
		return lang.L("The server address is not a valid web address. Check the addresses the app was told to use."), true
	case upload.KindNotFound:
		return lang.L("Box has no file or folder with that ID that you can see. Check the link, or ask the owner to share it with you."), true
	case upload.KindNoPermission:
		return viewOnlySentence(""), true
	case upload.KindLocked:
		return lockedSentence(""), true
	case upload.KindStorageFull:
		return lang.L("Your Box storage is full. Free some space in Box or ask your administrator for more, then try again."), true
	case upload.KindFileTooLarge:
		return lang.L("This file is larger than Box allows for one file in that folder (the limit is that of the folder owner's account). Ask the folder's owner or your administrator about the upload limit."), true
	case upload.KindNameInUse:
		return lang.L("A file with this name is already in that folder. Rename your file, or replace the existing one by giving its link instead."), true
	case upload.KindChangedRemotely:
		return lang.L("This Box file was changed by someone else since you chose it. Check it in Box and try again."), true
	case upload.KindSessionExpired:
		return lang.L("Box discarded the unfinished upload because it took too long. Start the upload again."), true
	case upload.KindSignInNeeded:
		return lang.L("Box did not accept your sign-in any more. Sign in again, then retry the upload."), true
	case upload.KindRateLimited:
		return lang.L("Box is asking us to slow down. Wait a few minutes, then try again."), true
	case upload.KindServerError:
		return lang.L("Box is having trouble right now. Nothing was replaced; try again in a few minutes."), true
	case upload.KindNetwork:
		return lang.L("Box could not be reached. Check your internet connection, then try again: a large upload goes on where it stopped."), true
	case upload.KindBadResponse:
		return lang.L("The server answered something that is not Box. Check your network (a hotel or office login page can cause this), then try again."), true
	case upload.KindBadName:
		return lang.L("Box does not accept this file name: it is longer than 255 characters, contains / or \\ or a control character, ends with a space, or is . or .. alone. Rename the file, or give it another name for Box (on the command line, with --name)."), true
	case upload.KindProxyAuth:
		return lang.L("The proxy asks for a user name and password. Enter them in Settings, under Proxy (your IT department gives them)."), true
	case upload.KindProxyRefused:
		return lang.L("The proxy does not let this app through to Box. Check the proxy in Settings, or ask your IT department to allow api.box.com, upload.box.com and *.app.box.com."), true
	case upload.KindUntrustedCertificate:
		return lang.L("The connection to Box could not be verified: this computer does not trust the certificate it was shown. A company network may be inspecting connections; ask your IT department to install its certificate on this computer."), true
	case upload.KindUploadInProgress:
		return lang.L("Another upload of this file to Box is still unfinished, perhaps from another computer or app. Wait until it is done, or until Box discards it after a week, then try again."), true
	}
	return "", false
}

// restartSentence says why an interrupted upload starts over.
func restartSentence(why upload.Kind) string {
	if why == upload.KindChangedLocally {
		return lang.L("The file changed since the upload was interrupted, so it starts again from the beginning.")
	}
	return lang.L("The interrupted upload cannot go on, so it starts again from the beginning.")
}

// lockedSentence says that the Box file name (or, with "", the Box file)
// takes no new version because it is locked.
func lockedSentence(name string) string {
	if name == "" {
		return lang.L("This Box file is locked, so no new version can be added. Ask the person who locked it to unlock it, then try again.")
	}
	return lang.L("“{{.Name}}” is locked in Box, so no new version can be added. Ask the person who locked it to unlock it, then try again.", data{"Name": name})
}

// viewOnlySentence says that the person may not upload to the Box file name
// (or, with "", there).
func viewOnlySentence(name string) string {
	if name == "" {
		return lang.L("You don't have permission to upload there. Ask the owner of the file or folder for editor access.")
	}
	return lang.L("You can see “{{.Name}}” but not upload new versions of it. Ask its owner for editor access.", data{"Name": name})
}

// isNotSignedIn tells the errors that mean "sign in (again)".
func isNotSignedIn(err error) bool {
	return errors.Is(err, auth.ErrNotSignedIn) || errors.Is(err, auth.ErrSignInAgain)
}

// cliHint is what the command line adds to a sentence: the command or
// variable that fixes it.
func cliHint(err error) string {
	switch {
	case errors.Is(err, auth.ErrNoClient):
		return lang.L("Set BOX_CLIENT_ID and BOX_CLIENT_SECRET.")
	case isNotSignedIn(err), upload.KindOf(err) == upload.KindSignInNeeded:
		return lang.L("Run '{{.Command}} login'.", data{"Command": Name})
	}
	return ""
}

// cliExplain is the sentence for err on the command line, with its hint.
func cliExplain(err error) string {
	if pe := (*upload.ProxyError)(nil); errors.As(err, &pe) && upload.KindOf(err) == upload.KindProxyAuth {
		return lang.L("The proxy {{.Proxy}} asks for a user name and password: set HTTPS_PROXY=http://USER:PASSWORD@{{.Proxy}} (your IT department gives them).", data{"Proxy": pe.Proxy})
	}
	hint := cliHint(err)
	if hint == "" {
		return Explain(err)
	}
	// Japanese runs its sentences together; English puts a space.
	return lang.X("cli.sentence.hint", "{{.Sentence}} {{.Hint}}", data{"Sentence": Explain(err), "Hint": hint})
}

// authSentence phrases the errors of sign-in and of the keyring, or returns
// false when err is not one of them.
func authSentence(err error) (string, bool) {
	var ke *auth.KeyringError
	var pe *auth.PortError
	switch {
	case errors.Is(err, auth.ErrNotSignedIn):
		return lang.L("You are not signed in to Box. Sign in first."), true
	case errors.Is(err, auth.ErrSignInAgain):
		return lang.L("Your Box sign-in has expired or was withdrawn. Sign in again."), true
	case errors.Is(err, auth.ErrNoClient):
		return lang.L("No Box app is set up for signing in. Ask your administrator for the app's client ID and secret."), true
	case errors.Is(err, auth.ErrAccessDenied):
		return lang.L("Access to Box was not granted in the browser, so you are not signed in."), true
	case errors.Is(err, auth.ErrStateMismatch):
		return lang.L("The browser came back with an answer that does not belong to this sign-in, so it was refused. Sign in again."), true
	case errors.Is(err, auth.ErrLoginTimeout):
		return lang.L("No answer came from the browser in time. Sign in again, and finish in the browser within a few minutes."), true
	case errors.As(err, &pe):
		return lang.L("Another program is using port {{.Port}}, which the sign-in needs. Close it, or change the sign-in port setting.", data{"Port": pe.Port}), true
	case errors.As(err, &ke):
		return lang.L("Your computer's keyring, where the app keeps your Box sign-in, is not available. Unlock it (or start it) and try again."), true
	}
	return "", false
}

// browserPages are the browser tab's words after the sign-in, in the
// person's language: auth's English pages, translated.
func browserPages() *auth.Pages {
	page := func(title, text string) auth.Page { return auth.Page{Title: title, Text: text} }
	return &auth.Pages{
		SignedIn: page(lang.X("browser.signed_in.title", auth.EnglishPages.SignedIn.Title),
			lang.X("browser.signed_in.text", auth.EnglishPages.SignedIn.Text)),
		Denied: page(lang.X("browser.denied.title", auth.EnglishPages.Denied.Title),
			lang.X("browser.denied.text", auth.EnglishPages.Denied.Text)),
		Refused: page(lang.X("browser.refused.title", auth.EnglishPages.Refused.Title),
			lang.X("browser.refused.text", auth.EnglishPages.Refused.Text)),
		Failed: page(lang.X("browser.failed.title", auth.EnglishPages.Failed.Title),
			lang.X("browser.failed.text", auth.EnglishPages.Failed.Text)),
		Finished: page(lang.X("browser.finished.title", auth.EnglishPages.Finished.Title),
			lang.X("browser.finished.text", auth.EnglishPages.Finished.Text)),
	}
}

// signedInAs says who is signed in.
func signedInAs(name, email string) string {
	return lang.L("Signed in as {{.Name}} ({{.Email}})", data{"Name": name, "Email": email})
}

// storageSentence says how much of their Box storage u uses, and the
// largest file they may upload.
func storageSentence(u *boxapi.User) string {
	return lang.L("Box storage: {{.Used}} of {{.Total}} used; largest file allowed: {{.MaxFile}}",
		data{"Used": formatSize(u.SpaceUsed), "Total": formatSize(u.SpaceAmount), "MaxFile": formatSize(u.MaxUploadSize)})
}

// flagMistake says what the flag package found wrong, as a sentence.
func flagMistake(err error) usageError {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return usageError{lang.L("There is no option {{.Option}}", data{"Option": name})}
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return usageError{lang.L("{{.Option}} needs a value after it", data{"Option": name})}
	}
	if _, rest, ok := strings.Cut(msg, " for flag "); ok {
		name, _, _ := strings.Cut(rest, ":")
		return usageError{lang.L("The value given to {{.Option}} is not right", data{"Option": name})}
	}
	return usageError{lang.L("The command line is not right")}
}

// usageMistakeSentence says a mistake on the command line, and where to
// read how to use it.
func usageMistakeSentence(mistake string) string {
	return lang.L("{{.Mistake}}. Run '{{.Command}} help' for how to use it.", data{"Mistake": mistake, "Command": Name})
}

// Mistakes in a command's files and options, each said as a sentence.
func oneFileMistake() usageError { return usageError{lang.L("Give exactly one file to upload")} }

func bothTargetsMistake() usageError {
	return usageError{lang.L("Give either --file-id or --folder-id, not both")}
}

func noTargetMistake() usageError {
	return usageError{lang.L("Give either --file-id (a new version of a Box file) or --folder-id (a new file in a Box folder)")}
}

func parallelMistake() usageError {
	return usageError{lang.L("--parallel must be between 1 and {{.Max}}", data{"Max": upload.MaxParallel})}
}

// loginUsageSentence is how to use the login command.
func loginUsageSentence() string {
	return lang.L("Usage: {{.Command}} login [--no-browser]", data{"Command": Name})
}

// The command line's sentences while signing in and out.
func signedInSentence() string { return lang.L("Signed in.") }

func openingBrowserSentence() string {
	return lang.L("Opening your browser to sign in to Box. If it does not open, go to this address:")
}

func noBrowserSentence() string {
	return lang.L("(The browser could not be opened; copy the address above into it.)")
}

func signedOutSentence() string {
	return lang.L("Signed out. Your Box sign-in was removed from this computer.")
}

// unknownCommand says that cmd is no command, and which one was perhaps
// meant.
func unknownCommand(cmd string) string {
	if near := nearestCommand(cmd); near != "" {
		return lang.L("Unknown command '{{.Command}}'. Did you mean '{{.Near}}'?", data{"Command": cmd, "Near": near})
	}
	return lang.L("Unknown command '{{.Command}}'. Run '{{.Name}} help' for the commands.", data{"Command": cmd, "Name": Name})
}

// uploadedSentence says what became of the local file name once Box took
// it as file f.
func uploadedSentence(name string, f *boxapi.File, newVersion bool) string {
	d := data{"File": name, "Size": formatSize(f.Size), "Name": f.Name, "Quoted": quoted(f.Name), "ID": f.ID, "Version": f.VersionNumber}
	switch {
	case !newVersion:
		return lang.L("Uploaded {{.File}} ({{.Size}}) as the new Box file {{.Quoted}} (ID {{.ID}}).", d)
	case f.VersionNumber == "":
		d["Version"] = "?"
	}
	return lang.L("Uploaded {{.File}} ({{.Size}}): Box file {{.Quoted}} (ID {{.ID}}) is now at version {{.Version}}.", d)
}

// noDisplaySentence says why the demo runs in the terminal.
func noDisplaySentence() string {
	return lang.L("No display here: running the demo in the terminal instead.")
}

// demoRunningSentence says where the demo's fake Box runs.
func demoRunningSentence(url string) string {
	return lang.L("Demo: a fake Box is running at {{.URL}}.", data{"URL": url})
}

// demoUploadingSentence says which local file (and its size) the demo
// uploads as a new version of the Box file id.
func demoUploadingSentence(file string, size int64, id string) string {
	return lang.L("Uploading {{.File}} ({{.Size}}) as a new version of Box file {{.ID}}…",
		data{"File": file, "Size": formatSize(size), "ID": id})
}

// demoResultSentence says what the demo's fake Box holds after an upload.
func demoResultSentence(versions int, name, sum string, matches bool) string {
	d := data{"Count": versions, "Name": name, "SHA1": sum}
	if matches {
		return lang.N("The fake Box now holds {{.Count}} versions of {{.Name}}; the newest one's SHA-1 matches the local file's ({{.SHA1}}).", versions, d)
	}
	return lang.N("The fake Box now holds {{.Count}} versions of {{.Name}}; the newest one's SHA-1 DOES NOT match the local file's ({{.SHA1}}).", versions, d)
}

// Status words, the same on the window's rows and the command line's
// progress line.
func waitingSentence() string   { return lang.L("Waiting") }
func uploadingSentence() string { return lang.L("Uploading") }
func finishingSentence() string { return lang.L("Finishing: Box is putting the file together…") }
func cancelledSentence() string { return lang.L("Cancelled — nothing was changed in Box") }
func noNetworkSentence() string { return lang.L("Waiting for network…") }
func failedSentence(err error) string {
	return lang.L("Failed: {{.Reason}}", data{"Reason": Explain(err)})
}

// progressSentence is the command line's status line.
func progressSentence(pr upload.Progress) string {
	if pr.WaitingForNetwork {
		return lang.L("Waiting for network… (the upload goes on when Box can be reached again)")
	}
	switch pr.Phase {
	case upload.PhasePreparing:
		return lang.L("Preparing…")
	case upload.PhaseFinishing:
		return finishingSentence()
	case upload.PhaseDone:
		return lang.L("Uploaded.")
	}
	pct := 0
	if pr.Total > 0 {
		pct = int(pr.Sent * 100 / pr.Total)
	}
	s := lang.L("Uploading {{.Percent}}  {{.Sent}} of {{.Total}}  {{.Speed}}", data{
		"Percent": fmt.Sprintf("%3d%%", pct),
		"Sent":    formatSize(pr.Sent), "Total": formatSize(pr.Total), "Speed": formatRate(pr.Rate),
	})
	if eta := formatETA(pr.Total-pr.Sent, pr.Rate); eta != "" {
		s += "  " + eta
	}
	return s
}

// noWindowSentence says that the window cannot open here.
func noWindowSentence() string {
	return lang.L("The window could not be opened: this computer's display or graphics are not available. The command line still works (run '{{.Command}} help').", data{"Command": Name})
}

// interruptedSentence offers an upload that stopped before Box confirmed
// it.
func interruptedSentence(in upload.Interrupted) string {
	return lang.L("The upload of “{{.File}}” was interrupted: {{.Confirmed}} of {{.Size}} are already in Box.",
		data{"File": filepath.Base(in.Path), "Confirmed": formatSize(in.Confirmed), "Size": formatSize(in.Size)})
}

// stopUploadingSentence asks before closing the window during an upload.
func stopUploadingSentence() string {
	return lang.L("An upload is still in progress. If you quit now it stops, and nothing is replaced in Box.")
}

// demoBannerSentence says, above the demo's window, what the demo is.
func demoBannerSentence() string {
	return lang.L("Demo: you are signed in to a pretend Box that runs inside this app. Drop any file — nothing leaves this computer.")
}

// demoOpenSentence says why the demo opens no Box page in the browser.
func demoOpenSentence() string {
	return lang.L("In the demo, the file lives in the pretend Box inside this app, so there is nothing to open in your browser.")
}

// rowUploadedSentence is a row's status once Box took its file as f.
func rowUploadedSentence(f *boxapi.File) string {
	if f.VersionNumber != "" && f.VersionNumber != "1" {
		return lang.L("Uploaded — version {{.Version}}", data{"Version": f.VersionNumber})
	}
	return lang.L("Uploaded as a new file")
}

// replaceSentences are the title and text of the confirmation before count
// local files (the first named file) replace the Box file f.
func replaceSentences(f *boxapi.File, file string, count int) (title, text string) {
	d := data{
		"File": file, "Name": f.Name, "Count": count,
		"When": formatTime(f.ContentModifiedAt.Time), "Who": modifiedBy(f),
	}
	what := lang.L("“{{.File}}” becomes the new version of “{{.Name}}”.", d)
	if count > 1 {
		what = lang.N("The {{.Count}} files become, one after the other, new versions of “{{.Name}}”.", count, d)
	}
	kept := lang.L("The version in Box now (modified {{.When}}) stays in the file's version history.", d)
	if d["Who"] != "" {
		kept = lang.L("The version in Box now (modified {{.When}} by {{.Who}}) stays in the file's version history.", d)
	}
	return lang.L("Replace “{{.Name}}” in Box?", d), what + "\n\n" + kept
}

// modifiedBy is the name of who last modified f, or "".
func modifiedBy(f *boxapi.File) string {
	if f.ModifiedBy == nil {
		return ""
	}
	return f.ModifiedBy.Name
}

// fileLines describe a Box file under its name: size, when and by whom it
// was modified, its folder and its version.
func fileLines(f *boxapi.File) []string {
	d := data{"Size": formatSize(f.Size), "When": formatTime(f.ContentModifiedAt.Time), "Who": modifiedBy(f)}
	modified := lang.L("{{.Size}} · modified {{.When}}", d)
	if d["Who"] != "" {
		modified = lang.L("{{.Size}} · modified {{.When}} by {{.Who}}", d)
	}
	lines := []string{modified}
	if f.Parent != nil && f.Parent.Name != "" {
		lines = append(lines, lang.L("in folder {{.Folder}}", data{"Folder": f.Parent.Name}))
	}
	if f.VersionNumber != "" {
		lines = append(lines, lang.L("current version: {{.Version}}", data{"Version": f.VersionNumber}))
	}
	return lines
}

// storageUsed is how much of their Box storage u uses, in a few words.
func storageUsed(u *boxapi.User) string {
	return lang.L("{{.Used}} of {{.Total}} used", data{"Used": formatSize(u.SpaceUsed), "Total": formatSize(u.SpaceAmount)})
}

// noBoxAppSentence explains what is missing when no Box app is configured.
func noBoxAppSentence() string {
	return lang.L("To sign in, this app needs your organisation's Box app: a client ID and a client secret, which your administrator can give you. You can also try the app first with a pretend Box.")
}

// signInDialogSentence tells what to do while the browser signs in.
func signInDialogSentence() string {
	return lang.L("Your browser should now show Box's sign-in page. Sign in there and allow access; this window updates by itself.\n\nIf no browser opened, copy this address into one:")
}

// The window's account line while it is not (yet) signed in.
func notSignedInSentence() string     { return lang.L("Not signed in") }
func checkingAccountSentence() string { return lang.L("Checking your Box account…") }
func signingInSentence() string       { return lang.L("Signing in… finish in your browser") }

// The window's target preview while it has no Box file or folder to show,
// and under a folder.
func signInToSeeSentence() string { return lang.L("Sign in to Box to see this file.") }

func newFilesHereSentence() string {
	return lang.L("Each of your files becomes a new version of the file of the same name here, or a new file.")
}

func lookingUpSentence(folder bool) string {
	if folder {
		return lang.L("Looking up the folder…")
	}
	return lang.L("Looking up the file…")
}

// nothingUploadedSentence is the history before the first upload.
func nothingUploadedSentence() string { return lang.L("Nothing uploaded yet.") }

// historyLine is one finished upload in the history: when, which local
// file, to which Box file or folder, and its final status.
func historyLine(when time.Time, file, target, result string) string {
	return lang.L("{{.When}}  {{.File}} → {{.Target}}: {{.Result}}",
		data{"When": formatTime(when), "File": file, "Target": target, "Result": result})
}

// fileFailedSentence says that one of several files failed, and why.
func fileFailedSentence(path string, err error) string {
	return lang.L("{{.File}}: {{.Reason}}", data{"File": filepath.Base(path), "Reason": cliExplain(err)})
}

// folderResultSentence says what became of one of several files uploaded
// into a folder.
func folderResultSentence(r folderResult) string {
	d := data{"File": filepath.Base(r.Path), "Name": r.Name, "Quoted": quoted(r.Name)}
	switch r.Action {
	case "unchanged":
		return lang.L("{{.File}} is already up to date in Box ({{.Quoted}}): nothing was sent.", d)
	case "skipped":
		if r.Reason != "" {
			d["Reason"] = r.Reason
			return lang.L("{{.File}} was left out: {{.Reason}}", d)
		}
		return lang.L("{{.File}} was skipped: the folder already has {{.Quoted}}.", d)
	case "planned-create":
		return lang.L("{{.File}} would be a new file {{.Quoted}}.", d)
	case "planned-update":
		return lang.L("{{.File}} would be a new version of {{.Quoted}}.", d)
	}
	return uploadedSentence(filepath.Base(r.Path), r.file, r.Action == "updated")
}

// bwlimitMistake says --bwlimit was given something that is not a speed.
func bwlimitMistake() usageError {
	return usageError{lang.L("--bwlimit takes a speed in bytes per second, such as 512K, 2M or 1.5G")}
}

// ifExistsMistake says --if-exists was given a word it does not know.
func ifExistsMistake() usageError {
	return usageError{lang.L("--if-exists takes version, skip, rename or fail")}
}

// itemLine is one item of a Box folder, as `ls` lists it: a folder's name
// ends with "/"; a file shows its size and when it was modified.
func itemLine(it boxapi.Item) string {
	if it.Type != "file" {
		return lang.L("{{.Name}}/  (folder, ID {{.ID}})", data{"Name": it.Name, "ID": it.ID})
	}
	return lang.L("{{.Name}}  ({{.Size}}, modified {{.When}}, ID {{.ID}})",
		data{"Name": it.Name, "Size": formatSize(it.Size), "When": formatTime(it.ModifiedAt.Time), "ID": it.ID})
}

// lsMistake says how ls is used.
func lsMistake() usageError {
	return usageError{lang.L("Give the Box folder to list: its ID (0 for All Files) or its link")}
}

// What the Box browser says instead of a list.
func emptyFolderSentence() string  { return lang.L("This folder is empty.") }
func searchingSentence() string    { return lang.L("Searching…") }
func noFilesFoundSentence() string { return lang.L("No file with that name was found.") }

// folderName is f's name; Box's root folder is called All Files.
func folderName(f boxapi.Folder) string {
	if f.ID == "0" {
		return lang.L("All Files")
	}
	return f.Name
}

// folderPath is where f is, as people read it: "営業部 / 2026"; All Files
// only for All Files itself.
func folderPath(f *boxapi.Folder) string {
	if f == nil {
		return ""
	}
	var names []string
	if f.PathCollection != nil {
		for _, p := range f.PathCollection.Entries {
			if p.ID != "0" {
				names = append(names, p.Name)
			}
		}
	}
	if f.ID == "0" && len(names) == 0 {
		return folderName(*f)
	}
	return strings.Join(append(names, folderName(*f)), " / ")
}

// itemDetail is the line under a file's name in the Box browser: its size,
// and when and by whom it was last modified.
func itemDetail(it boxapi.Item) string {
	d := data{"Size": formatSize(it.Size), "When": formatTime(it.ModifiedAt.Time)}
	if it.ModifiedBy != nil && it.ModifiedBy.Name != "" {
		d["Who"] = it.ModifiedBy.Name
		return lang.L("{{.Size}} · modified {{.When}} by {{.Who}}", d)
	}
	return lang.L("{{.Size}} · modified {{.When}}", d)
}

// folderDetail is the line under a folder's name in the Box browser.
func folderDetail(it boxapi.Item) string {
	if it.ModifiedAt.IsZero() {
		return ""
	}
	return lang.L("modified {{.When}}", data{"When": formatTime(it.ModifiedAt.Time)})
}

// itemPath is where a search hit lives: "All Files / 営業部 / 2026".
func itemPath(it boxapi.Item) string {
	if it.PathCollection == nil {
		return ""
	}
	var names []string
	for _, p := range it.PathCollection.Entries {
		names = append(names, folderName(p))
	}
	return strings.Join(names, " / ")
}

// targetLine says on a row where its file goes: a new version of file, or
// a new file called name in folder; last says it is where it went last
// time.
func targetLine(folder *boxapi.Folder, file *boxapi.File, name string, last bool) string {
	d := data{"Where": folderPath(folder), "Name": name}
	var line string
	switch {
	case file == nil:
		line = lang.L("→ {{.Where}}: new file “{{.Name}}”", d)
	default:
		d["Name"], d["When"], d["Who"], d["Version"] = file.Name, formatTime(file.ModifiedAt.Time), modifiedBy(file), file.VersionNumber
		switch {
		case d["Version"] != "" && d["Who"] != "":
			line = lang.L("→ {{.Where}} / {{.Name}}: new version after version {{.Version}} of {{.When}} by {{.Who}}", d)
		case d["Who"] != "":
			line = lang.L("→ {{.Where}} / {{.Name}}: new version after the one of {{.When}} by {{.Who}}", d)
		default:
			line = lang.L("→ {{.Where}} / {{.Name}}: new version after the one of {{.When}}", d)
		}
	}
	if last {
		return lang.L("Last time: {{.Line}}", data{"Line": line})
	}
	return line
}

// Row statuses and warnings while files wait.
func upToDateSentence() string { return lang.L("Already up to date in Box: nothing to send.") }
func skippedSentence() string  { return lang.L("Skipped — nothing was changed in Box") }
func nameIsAFolderSentence(name string) string {
	return lang.L("A folder in Box already has the name “{{.Name}}”. Choose where this file goes with Change….", data{"Name": name})
}

func sameTargetSentence(name string) string {
	return lang.L("Another file of the list already goes to “{{.Name}}”. Choose where this one goes with Change….", data{"Name": name})
}

// otherFileSentence warns that local would replace a Box file of another
// name, or of another type.
func otherFileSentence(local, box string) string {
	d := data{"File": local, "Name": box}
	if !strings.EqualFold(filepath.Ext(local), filepath.Ext(box)) {
		return lang.L("Careful: “{{.File}}” would replace “{{.Name}}”, a file of another name and another type. Check that this is the file you mean to replace.", d)
	}
	return lang.L("Careful: “{{.File}}” would replace “{{.Name}}”, a file of another name. Check that this is the file you mean to replace.", d)
}

// confirmSentences are the title and text of the question before files
// replace Box files: total files, of which those of versions (the first
// one local) become new versions.
func confirmSentences(total int, versions []*boxapi.File, local string) (title, text string) {
	if total == 1 {
		return replaceSentences(versions[0], local, 1)
	}
	names := make([]string, len(versions))
	for i, f := range versions {
		names[i] = f.Name
	}
	d := data{"Count": total, "Versions": len(versions), "Names": strings.Join(names, lang.X("list.separator", ", ")), "New": total - len(versions)}
	title = lang.N("Upload {{.Count}} files to Box?", total, d)
	text = lang.N("New versions of {{.Versions}} Box files: {{.Names}}.", len(versions), d)
	if n := total - len(versions); n > 0 {
		text += "\n" + lang.N("{{.New}} new files.", n, d)
	}
	return title, text + "\n\n" + lang.L("The versions in Box now stay in each file's version history.")
}

// nameTakenSentence says that Box already has name where file was going,
// and asks what to do.
func nameTakenSentence(file, name string) string {
	return lang.L("Box already has a file called “{{.Name}}” where “{{.File}}” was going: someone added it since. Upload yours as a new version of it, keep both (yours gets another name), or skip it?", data{"File": file, "Name": name})
}

// Why a file of a folder was left out.
func symlinkSentence() string {
	return lang.L("it is a shortcut (a symbolic link), which is not followed.")
}

func systemFileSentence(cli bool) string {
	if cli {
		return lang.L("it is a system or temporary file (add --keep-system-files to upload those too).")
	}
	return lang.L("it is a system or temporary file (Settings can include those).")
}

// planSummary says what uploading a folder does, or did: "12 new files,
// 3 new versions, 240 already up to date, 2 cannot be uploaded" (the
// counts that are not zero).
func planSummary(n upload.TreeCounts) string {
	c := func(n int) data { return data{"Count": n} }
	bad := n.Refused + n.Failed
	var parts []string
	for _, p := range []struct {
		n    int
		text string
	}{
		{n.NewFiles, lang.N("{{.Count}} new files", n.NewFiles, c(n.NewFiles))},
		{n.NewVersions, lang.N("{{.Count}} new versions", n.NewVersions, c(n.NewVersions))},
		{n.NewFolders, lang.N("{{.Count}} new folders", n.NewFolders, c(n.NewFolders))},
		{n.Unchanged, lang.N("{{.Count}} already up to date", n.Unchanged, c(n.Unchanged))},
		{n.Skipped, lang.N("{{.Count}} left out", n.Skipped, c(n.Skipped))},
		{bad, lang.N("{{.Count}} cannot be uploaded", bad, c(bad))},
	} {
		if p.n > 0 {
			parts = append(parts, p.text)
		}
	}
	if len(parts) == 0 {
		return lang.L("nothing to upload")
	}
	return strings.Join(parts, lang.X("list.separator", ", "))
}

// planSentence says what uploading the folder dir will do (or would do,
// with --dry-run).
func planSentence(dir string, n upload.TreeCounts, dryRun bool) string {
	d := data{"Folder": filepath.Base(dir), "Plan": planSummary(n)}
	if dryRun {
		return lang.L("{{.Folder}} (nothing is sent: --dry-run): {{.Plan}}.", d)
	}
	return lang.L("{{.Folder}}: {{.Plan}}.", d)
}

// folderTargetLine says on a folder's row where it goes: into the Box
// folder parent, as a new folder or into the folder of its name there.
func folderTargetLine(parent *boxapi.Folder, name string, exists bool) string {
	d := data{"Where": folderPath(parent), "Name": name}
	if exists {
		return lang.L("→ {{.Where}} / {{.Name}}: the files are matched by name", d)
	}
	return lang.L("→ {{.Where}}: new folder “{{.Name}}”", d)
}

// Sentences of a folder's row.
func lookingAtFolderSentence() string {
	return lang.L("Comparing the folder with Box…")
}

func folderUpToDateSentence() string {
	return lang.L("Everything in this folder is already in Box: nothing to send.")
}

func folderFilesTitle(count int) string {
	return lang.N("{{.Count}} files in this folder", count, data{"Count": count})
}

func folderUploadingSentence(done, total int) string {
	return lang.N("Uploading: {{.Done}} of {{.Count}} files", total, data{"Done": done, "Count": total})
}

func folderDoneSentence(n upload.TreeCounts) string {
	return lang.L("Uploaded: {{.Plan}}", data{"Plan": planSummary(n)})
}

func folderCancelledSentence(done, total int) string {
	return lang.N("Cancelled after {{.Done}} of {{.Count}} files; no Box file was half-replaced.", total, data{"Done": done, "Count": total})
}

func folderFailedSentence(bad int) string {
	return lang.N("{{.Count}} files could not be uploaded: the list below says why. Try again sends only what is missing.", bad, data{"Count": bad})
}

// folderConfirmLine is a folder's line in the question before uploading.
func folderConfirmLine(folder string, parent *boxapi.Folder, n upload.TreeCounts) string {
	return lang.L("“{{.Folder}}” into {{.Where}}: {{.Plan}}.", data{"Folder": folder, "Where": folderPath(parent), "Plan": planSummary(n)})
}

func interruptedFolderSentence(dir string) string {
	return lang.L("The upload of the folder “{{.Folder}}” did not finish. Finish it now? What is already in Box is not sent again.", data{"Folder": filepath.Base(dir)})
}

// Statuses of a folder's files in its list.
func entryPlannedSentence(a upload.TreeAction) string {
	switch a {
	case upload.TreeUpdate:
		return lang.L("New version")
	case upload.TreeUnchanged:
		return lang.L("Already up to date")
	}
	return lang.L("New file")
}

func entryUploadedSentence(a upload.TreeAction) string {
	if a == upload.TreeUpdate {
		return lang.L("Uploaded as a new version")
	}
	return lang.L("Uploaded")
}

func badNameInFolderSentence() string {
	return lang.L("Box does not accept this name: it is longer than 255 characters, contains / or \\ or a control character, ends with a space, or is . or .. alone. Rename it on this computer, then upload the folder again.")
}

func leftOutSentence(why string) string {
	return lang.L("Left out: {{.Why}}", data{"Why": why})
}

// overallSentence sums up a batch while it uploads.
func overallSentence(sent, total int64, done, files int, rate float64) string {
	d := data{"Sent": formatSize(sent), "Total": formatSize(total), "Done": done, "Count": files, "Left": formatETA(total-sent, rate)}
	if d["Left"] == "" {
		return lang.N("{{.Sent}} of {{.Total}} — {{.Done}} of {{.Count}} files", files, d)
	}
	return lang.N("{{.Sent}} of {{.Total}} — {{.Done}} of {{.Count}} files — {{.Left}}", files, d)
}

// progressTitle is the window's title while a batch uploads.
func progressTitle(percent, title string) string {
	return lang.L("{{.Percent}} — {{.Title}}", data{"Percent": percent, "Title": title})
}

// batchEndedSentences are the title and text of the notification of a
// batch that ended while the window was not in front.
func batchEndedSentences(uploaded, failed int) (title, text string) {
	d := data{"Count": uploaded, "Failed": failed}
	if failed == 0 {
		return lang.L("Upload finished"), lang.N("{{.Count}} files are in Box.", uploaded, d)
	}
	return lang.L("Some files were not uploaded"),
		lang.N("{{.Failed}} files could not be uploaded: open Box Uploader to see why and try again.", failed, d)
}
