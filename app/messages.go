package app

import (
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
	if s, ok := sentences[upload.KindOf(err)]; ok {
		return s
	}
	return "Something went wrong while talking to Box. Try again in a few minutes; if it keeps happening, send the details to your IT contact."
}

var sentences = map[upload.Kind]string{
	upload.KindCanceled:        "The upload was cancelled. Nothing was changed in Box.",
	upload.KindFileMissing:     "That file does not exist any more. Check where it is and choose it again.",
	upload.KindNotAFile:        "That is a folder, not a file. Choose a single file to upload.",
	upload.KindUnreadable:      "This file cannot be opened. Check that you are allowed to read it and that it is not open in another program that locks it.",
	upload.KindEmptyFile:       "This file is empty. Box keeps versions of files with content; choose the file you meant to upload.",
	upload.KindChangedLocally:  "The file changed while it was being uploaded, so nothing was replaced in Box. Upload it again when it is saved.",
	upload.KindBadFileID:       "That is not a Box file ID or a Box file link. Open the file in Box and copy the address from your browser.",
	upload.KindBadFolderID:     "That is not a Box folder ID or a Box folder link. Open the folder in Box and copy the address from your browser.",
	upload.KindFolderLink:      "That is a link to a folder, not a file. Open the file itself in Box and copy its address.",
	upload.KindFileLink:        "That is a link to a file, not a folder. Open the folder in Box and copy its address.",
	upload.KindSharedLink:      "That is a shared link, which does not say which file it is. Open it, then copy the address from your browser's address bar.",
	upload.KindInsecureURL:     "The server address uses plain http to another computer, which would expose your sign-in. Use an https address.",
	upload.KindBadURL:          "The server address is not a valid web address. Check the addresses the app was told to use.",
	upload.KindNotFound:        "Box has no file or folder with that ID that you can see. Check the link, or ask the owner to share it with you.",
	upload.KindNoPermission:    "You don't have permission to upload there. Ask the owner of the file or folder for editor access.",
	upload.KindLocked:          "This Box file is locked, so no new version can be added. Ask the person who locked it to unlock it, then try again.",
	upload.KindStorageFull:     "Your Box storage is full. Free some space in Box or ask your administrator for more, then try again.",
	upload.KindFileTooLarge:    "This file is larger than your Box account allows for a single file. Ask your administrator about the upload limit.",
	upload.KindNameInUse:       "A file with this name is already in that folder. Rename your file, or replace the existing one by giving its link instead.",
	upload.KindChangedRemotely: "This Box file was changed by someone else since you chose it. Check it in Box and try again.",
	upload.KindSessionExpired:  "Box discarded the unfinished upload because it took too long. Start the upload again.",
	upload.KindSignInNeeded:    "Box did not accept your sign-in any more. Sign in again, then retry the upload.",
	upload.KindRateLimited:     "Box is asking us to slow down. Wait a few minutes, then try again.",
	upload.KindServerError:     "Box is having trouble right now. Nothing was replaced; try again in a few minutes.",
	upload.KindNetwork:         "Box could not be reached. Check your internet connection, then try again: a large upload goes on where it stopped.",
	upload.KindBadResponse:     "The server answered something that is not Box. Check your network (a hotel or office login page can cause this), then try again.",
}

// restartSentence says why an interrupted upload starts over.
func restartSentence(why upload.Kind) string {
	if why == upload.KindChangedLocally {
		return "The file changed since the upload was interrupted, so it starts again from the beginning."
	}
	return "The interrupted upload cannot go on, so it starts again from the beginning."
}
