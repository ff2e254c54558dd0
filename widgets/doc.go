// Package widgets holds the window's reusable pieces: the drop zone, the
// preview of the chosen Box file, the rows of the upload queue, the account
// badge and the banner.
//
// They take values in, already phrased and formatted by the app, and hand
// callbacks out; they know nothing of Box, uploads or sign-in, and import
// only Fyne and the standard library. Every text they show of their own goes
// through lang.L, so translations can be added without touching them.
//
// Like Fyne's own widgets they take no locks: call their methods on Fyne's
// goroutine, through fyne.Do from anywhere else.
package widgets
