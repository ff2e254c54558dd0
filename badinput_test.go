package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"boxuploader/upload/boxapi"
	"boxuploader/upload/boxtest"
)

// badInput is one mistake or mishap: what the person sees (one sentence on
// stderr), the exit code, and Box left as it was.
type badInput struct {
	name string
	// setup prepares box and returns the environment and arguments.
	setup func(t *testing.T, c *badCase) (env map[string]string, args []string)
	// slow makes the fake Box read 20 MiB/s per connection, so that during
	// acts while the upload goes on.
	slow bool
	// during, if set, acts once the upload session exists.
	during func(c *badCase, p *os.Process)
	code   int
	want   string
}

// badCase is one row's world: a fake Box with a file to replace and a
// local file to send.
type badCase struct {
	box    *boxtest.Server
	fileID string
	folder string
	path   string // 60 MB, so that it goes through a session
	small  string // 1 kB
}

func TestCLI_BadInput(t *testing.T) {
	plain := func(args ...string) func(*testing.T, *badCase) (map[string]string, []string) {
		return func(t *testing.T, c *badCase) (map[string]string, []string) {
			for i, a := range args {
				args[i] = strings.NewReplacer("FILEID", c.fileID, "FOLDER", c.folder, "BIG", c.path, "SMALL", c.small).Replace(a)
			}
			return boxEnv(c.box), args
		}
	}
	withEnv := func(change func(env map[string]string, c *badCase), args ...string) func(*testing.T, *badCase) (map[string]string, []string) {
		return func(t *testing.T, c *badCase) (map[string]string, []string) {
			env, a := plain(args...)(t, c)
			change(env, c)
			return env, a
		}
	}
	withBox := func(change func(c *badCase), args ...string) func(*testing.T, *badCase) (map[string]string, []string) {
		return func(t *testing.T, c *badCase) (map[string]string, []string) {
			change(c)
			return plain(args...)(t, c)
		}
	}
	garbage := func(body, contentType string) func(env map[string]string, c *badCase) {
		return func(env map[string]string, c *badCase) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", contentType)
				w.Write([]byte(body))
			}))
			c.box.Close() // replaced by the garbage server for this row
			c.box = boxtest.NewServer(boxtest.Options{})
			env["BOX_API_URL"], env["BOX_UPLOAD_URL"] = srv.URL+"/2.0", srv.URL+"/api/2.0"
			t.Cleanup(srv.Close)
		}
	}
	rows := []badInput{
		{name: "missing file", setup: plain("upload", "--file-id", "FILEID", "BIG.nope"), code: 2, want: "That file does not exist any more."},
		{name: "a folder", setup: plain("upload", "--file-id", "FILEID", "/tmp"), code: 2, want: "That is a folder, not a file."},
		{name: "unreadable file", setup: func(t *testing.T, c *badCase) (map[string]string, []string) {
			sock := filepath.Join(t.TempDir(), "socket")
			ln, err := net.Listen("unix", sock) // opening a socket fails, even for root
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ln.Close() })
			return boxEnv(c.box), []string{"upload", "--file-id", c.fileID, sock}
		}, code: 2, want: "This file cannot be opened."},
		{name: "empty file", setup: func(t *testing.T, c *badCase) (map[string]string, []string) {
			p, _ := writeFile(t, "empty.txt", 0)
			return boxEnv(c.box), []string{"upload", "--file-id", c.fileID, p}
		}, code: 2, want: "This file is empty."},
		{
			name: "file deleted during the upload", setup: plain("upload", "--file-id", "FILEID", "BIG"), slow: true, during: func(c *badCase, _ *os.Process) { os.Remove(c.path) },
			code: 2, want: "That file does not exist any more.",
		},
		{name: "file ID empty", setup: plain("upload", "--file-id", "", "SMALL"), code: 2, want: "Give either --file-id"},
		{name: "file ID not a number", setup: plain("upload", "--file-id", "twelve", "SMALL"), code: 2, want: "That is not a Box file ID or a Box file link."},
		{name: "not a Box link", setup: plain("upload", "--file-id", "https://example.com/file/123", "SMALL"), code: 2, want: "That is not a Box file ID or a Box file link."},
		{name: "a folder link as the file", setup: plain("upload", "--file-id", "https://app.box.com/folder/FOLDER", "SMALL"), code: 2, want: "That is a link to a folder, not a file."},
		{name: "a shared link", setup: plain("upload", "--file-id", "https://app.box.com/s/abcdef123456", "SMALL"), code: 2, want: "That is a shared link"},
		{name: "a file link as the folder", setup: plain("upload", "--folder-id", "https://app.box.com/file/FILEID", "SMALL"), code: 2, want: "That is a link to a file, not a folder."},
		{name: "file not found", setup: plain("upload", "--file-id", "987654321", "SMALL"), code: 1, want: "Box has no file or folder with that ID that you can see."},
		{
			name: "no access to the file", setup: withBox(func(c *badCase) { c.box.SetCanUpload(c.fileID, false) }, "upload", "--file-id", "FILEID", "BIG"),
			code: 1, want: "You don't have permission to upload there.",
		},
		{name: "folder not found", setup: plain("upload", "--folder-id", "987654321", "SMALL"), code: 1, want: "Box has no file or folder with that ID that you can see."},
		{
			name: "no access to the folder", setup: withBox(func(c *badCase) { c.box.SetFolderCanUpload(c.folder, false) }, "upload", "--folder-id", "FOLDER", "BIG"),
			code: 1, want: "You don't have permission to upload there.",
		},
		{
			name: "name taken in the folder", setup: withBox(func(c *badCase) { c.box.AddFile(c.folder, "taken.mov", []byte("x")) }, "upload", "--folder-id", "FOLDER", "--if-exists", "fail", "--name", "taken.mov", "BIG"),
			code: 1, want: "A file with this name is already in that folder.",
		},
		{
			name: "file locked", setup: withBox(func(c *badCase) { c.box.SetLocked(c.fileID, true) }, "upload", "--file-id", "FILEID", "BIG"),
			code: 1, want: "This Box file is locked",
		},
		{
			name: "storage full", setup: withBox(func(c *badCase) { c.box.SetUser(func(u *boxapi.User) { u.SpaceAmount = 1000 }) }, "upload", "--file-id", "FILEID", "BIG"),
			code: 1, want: "Your Box storage is full.",
		},
		{
			name: "larger than the account allows", setup: withBox(func(c *badCase) { c.box.SetUser(func(u *boxapi.User) { u.MaxUploadSize = 1 << 20 }) }, "upload", "--file-id", "FILEID", "BIG"),
			code: 1, want: "the limit is that of the folder owner's account",
		},
		{
			name: "changed on Box meanwhile", setup: plain("upload", "--file-id", "FILEID", "BIG"), slow: true, during: func(c *badCase, _ *os.Process) { c.box.ModifyRemotely(c.fileID) },
			code: 1, want: "This Box file was changed by someone else since you chose it.",
		},
		{
			name: "developer token expired", setup: withEnv(func(_ map[string]string, c *badCase) { c.box.ExpireAccessTokens() }, "upload", "--file-id", "FILEID", "SMALL"),
			code: 1, want: "Box did not accept your sign-in any more.",
		},
		{name: "keyring unavailable", setup: withEnv(func(env map[string]string, _ *badCase) {
			delete(env, "BOX_ACCESS_TOKEN")
			env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus"
		}, "upload", "--file-id", "FILEID", "SMALL"), code: 1, want: "keyring"},
		{name: "server unreachable", setup: withEnv(func(env map[string]string, _ *badCase) {
			ln, _ := net.Listen("tcp", "127.0.0.1:0")
			addr := ln.Addr().String()
			ln.Close() // nothing listens there
			env["BOX_API_URL"], env["BOX_UPLOAD_URL"] = "http://"+addr+"/2.0", "http://"+addr+"/api/2.0"
		}, "upload", "--file-id", "FILEID", "SMALL"), code: 1, want: "Box could not be reached."},
		{
			name: "server answers an HTML page", setup: withEnv(garbage("<html><body>Please log in to the hotel Wi-Fi</body></html>", "text/html"), "upload", "--file-id", "123", "SMALL"),
			code: 1, want: "The server answered something that is not Box.",
		},
		{
			name: "server answers truncated JSON", setup: withEnv(garbage(`{"type":"user","id":"1","na`, "application/json"), "upload", "--file-id", "123", "SMALL"),
			code: 1, want: "The server answered something that is not Box.",
		},
		{
			name: "server answers another content type", setup: withEnv(garbage("\x89PNG\r\n\x1a\n", "image/png"), "upload", "--file-id", "123", "SMALL"),
			code: 1, want: "The server answered something that is not Box.",
		},
		{
			name: "plain http to another host", setup: withEnv(func(env map[string]string, _ *badCase) { env["BOX_UPLOAD_URL"] = "http://upload.example.com/api/2.0" }, "upload", "--file-id", "FILEID", "SMALL"),
			code: 2, want: "uses plain http to another computer",
		},
		{
			name: "server address not a URL", setup: withEnv(func(env map[string]string, _ *badCase) { env["BOX_API_URL"] = "ftp:/nowhere" }, "upload", "--file-id", "FILEID", "SMALL"),
			code: 2, want: "The server address is not a valid web address.",
		},
		{
			name: "Ctrl-C", setup: plain("upload", "--file-id", "FILEID", "BIG"), slow: true, during: func(_ *badCase, p *os.Process) { p.Signal(syscall.SIGINT) },
			code: 130, want: "The upload was cancelled. Nothing was changed in Box.",
		},
		{name: "no target", setup: plain("upload", "SMALL"), code: 2, want: "Give either --file-id"},
		{name: "both targets", setup: plain("upload", "--file-id", "FILEID", "--folder-id", "0", "SMALL"), code: 2, want: "Give either --file-id"},
		{name: "two files", setup: plain("upload", "--file-id", "FILEID", "SMALL", "SMALL"), code: 2, want: "Give exactly one file to upload"},
		{name: "parts in flight out of range", setup: plain("upload", "--parallel", "99", "--file-id", "FILEID", "SMALL"), code: 2, want: "--parallel must be between 1 and 16"},
		{name: "unknown flag", setup: plain("upload", "--fast", "--file-id", "FILEID", "SMALL"), code: 2, want: "There is no option -fast."},
		{name: "parts in flight not a number", setup: plain("upload", "--parallel", "many", "--file-id", "FILEID", "SMALL"), code: 2, want: "The value given to -parallel is not right."},
	}
	big, bigSum := writeFile(t, "film.mov", 60_000_000)
	small, _ := writeFile(t, "note.txt", 1000)
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			t.Parallel() // each row has a fake Box, a HOME and a copy of the file of its own
			opts := boxtest.Options{}
			if row.slow {
				opts.BandwidthPerConn = 20 << 20
			}
			c := &badCase{box: boxtest.NewServer(opts), small: small}
			defer func() { c.box.Close() }()
			c.fileID = c.box.AddFile("0", "Film.mov", []byte("v1"))
			c.folder = c.box.AddFolder("0", "Videos")
			c.path = filepath.Join(t.TempDir(), "film.mov") // a name of its own that a row may delete
			if err := os.Link(big, c.path); err != nil {
				t.Fatal(err)
			}
			env, args := row.setup(t, c)

			cmd := start(t, env, args...)
			if row.during != nil {
				waitForPart(t, c.box, cmd)
				row.during(c, cmd.cmd.Process)
			}
			cmd.wait(t)
			code := cmd.cmd.ProcessState.ExitCode()
			msg := cmd.stderr.String()
			if code != row.code || !strings.Contains(msg, row.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, msg, row.code, row.want)
			}
			if lines := strings.Count(strings.TrimSpace(msg), "\n"); lines > 1 {
				t.Errorf("stderr has %d lines, want one sentence (and a hint): %q", lines+1, msg)
			}
			for _, bad := range []string{"{", "goroutine", "panic", ".go:", "box answered"} {
				if strings.Contains(msg, bad) {
					t.Errorf("stderr shows %q: %q", bad, msg)
				}
			}
			// Box untouched: never our bytes, never a session left open.
			if st, ok := c.box.File(c.fileID); ok && st.SHA1 == bigSum {
				t.Error("Box holds the file's bytes after a refused upload")
			}
			if n := c.box.Stats().OpenSessions; n != 0 {
				t.Errorf("%d upload sessions left open", n)
			}
		})
	}
}
