//go:build !nogui

package app

import (
	"math"
	"time"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// untilCancelled is how long the window's uploads wait for a lost network:
// for as long as the person lets them (each row has Cancel). The command
// line gives up after the engine's patience instead.
const untilCancelled = time.Duration(math.MaxInt64)

// backend is the Box the window talks to: real Box (or the server the
// BOX_* variables name), or the pretend Box of the demo running inside
// the app.
type backend struct {
	connection
	client  *upload.Client // look-ups: a person waits for them, so they end
	uploads *upload.Client // the window's uploads: they wait for the network until cancelled
	bw      *bandwidth     // the cap on their speed: Settings change it while they run

	demo       *boxtest.Server // non-nil in demo mode
	demoTree   boxtest.DemoTree
	demoFileID string
}

// newBackend talks to the Box of conn, within bw (which conn's client is
// built with).
func newBackend(conn connection, bw *bandwidth) *backend {
	uploads := conn.client(0)
	uploads.ProgressInterval = 100 * time.Millisecond // at most ~10 updates a second
	uploads.Retry.NetworkPatience, uploads.Retry.ConnectPatience = untilCancelled, untilCancelled
	return &backend{connection: conn, client: conn.client(0), uploads: uploads, bw: bw}
}

// newDemoBackend starts a pretend Box inside the app, with a demo user
// already signed in and a file to replace.
func newDemoBackend() *backend {
	return demoBackend(boxtest.NewServer(boxtest.Options{}))
}

// demoBackend signs a demo user in to box and fills it with the demo's
// folders and files, in Japanese and English.
func demoBackend(box *boxtest.Server) *backend {
	bw := newBandwidth(0)
	be := newBackend(connectDemo(box, Settings{Bandwidth: bw}), bw)
	be.demo, be.demoTree = box, box.AddDemoTree()
	be.demoFileID = be.demoTree.ProjectVideo
	return be
}

func (b *backend) close() {
	if b.demo != nil {
		b.demo.Close()
	}
}

// canSignIn says whether signing in can work here at all.
func (b *backend) canSignIn() bool { return b.demo != nil || b.connection.canSignIn() }
