// Command fakebox runs the fake Box as a process of its own, for benchmarks
// and for pointing the app at a server by hand. It prints one JSON line
// with its addresses, a developer token and a file to replace, then serves
// until it is interrupted or its standard input closes.
package main

import (
	"encoding/json"
	"flag"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"boxuploader/upload/boxtest"
)

func main() {
	var o boxtest.Options
	flag.Int64Var(&o.PartSize, "part-size", 0, "part_size the server dictates (0 = 8 MiB)")
	flag.DurationVar(&o.Latency, "latency", 0, "delay added to every request")
	flag.Int64Var(&o.BandwidthPerConn, "bandwidth", 0, "bytes/s per request body (0 = unlimited)")
	flag.StringVar(&o.Dir, "dir", "", "parent folder for the spooled parts (default: the system temp folder)")
	flag.Parse()
	os.Exit(run(o))
}

func run(o boxtest.Options) int {
	box := boxtest.NewServer(o)
	defer box.Close()
	info := map[string]string{
		"url":        box.URL,
		"api_url":    box.APIURL,
		"upload_url": box.UploadURL,
		"auth_url":   box.AuthURL,
		"token_url":  box.TokenURL,
		"revoke_url": box.RevokeURL,
		"token":      box.NewAccessToken(),
		"file_id":    box.AddFile("0", "Benchmark.bin", []byte("first version")),
	}
	if err := json.NewEncoder(os.Stdout).Encode(info); err != nil {
		return 1
	}

	stdinClosed := make(chan struct{})
	go func() {
		io.Copy(io.Discard, os.Stdin)
		close(stdinClosed)
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	select {
	case <-sig:
	case <-stdinClosed:
	}
	// Let a last answer leave before the spool directory goes.
	time.Sleep(50 * time.Millisecond)
	return 0
}
