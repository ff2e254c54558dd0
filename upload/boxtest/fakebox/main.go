// Command fakebox runs the fake Box as a process of its own, for benchmarks
// and for pointing the app at a server by hand. It prints one JSON line
// with its addresses, a developer token and a file to replace, then serves
// until it is interrupted or its standard input closes.
package main

import (
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"boxuploader/upload/boxtest"
)

func main() {
	var o boxtest.Options
	flag.Int64Var(&o.PartSize, "part-size", 0, "part_size the server dictates (0 = 8 MiB)")
	flag.DurationVar(&o.Latency, "latency", 0, "delay added to every request")
	flag.Int64Var(&o.BandwidthPerConn, "bandwidth", 0, "bytes/s per TCP connection (0 = unlimited)")
	flag.Int64Var(&o.LinkBandwidth, "link", 0, "bytes/s for all connections together (0 = unlimited)")
	flag.BoolVar(&o.TLS, "tls", false, "serve https:// offering HTTP/2 (the certificate is written to the -dir folder)")
	flag.BoolVar(&o.HTTP1Only, "http1", false, "with -tls, offer HTTP/1.1 only")
	flag.IntVar(&o.HTTP2Window, "h2-window", 0, "HTTP/2 flow-control window per connection and stream, bytes (0 = Go's defaults)")
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
	if cert := box.Certificate(); cert != nil {
		// Clients trust it through SSL_CERT_FILE.
		dir := o.Dir
		if dir == "" {
			dir = os.TempDir()
		}
		path := filepath.Join(dir, fmt.Sprintf("fakebox-%d.pem", os.Getpid()))
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600); err != nil {
			return 1
		}
		defer os.Remove(path)
		info["cert"] = path
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
