package app

import (
	"fyne.io/fyne/v2/lang"

	"boxuploader/upload"
)

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
		return lang.L("You don't have permission to upload there. Ask the owner of the file or folder for editor access."), true
	case upload.KindLocked:
		return lang.L("This Box file is locked, so no new version can be added. Ask the person who locked it to unlock it, then try again."), true
	case upload.KindStorageFull:
		return lang.L("Your Box storage is full. Free some space in Box or ask your administrator for more, then try again."), true
	case upload.KindFileTooLarge:
		return lang.L("This file is larger than your Box account allows for a single file. Ask your administrator about the upload limit."), true
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
