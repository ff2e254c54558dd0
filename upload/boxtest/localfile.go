package boxtest

import (
	"crypto/sha1"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"os"
)

// WriteRandomFile fills a new file at path with size pseudo-random bytes
// (the same bytes for the same size) and returns their SHA-1 in hex: the
// local file that tests and the demo upload to the fake.
func WriteRandomFile(path string, size int64) (string, error) {
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha1.New()
	rng := rand.NewChaCha8([32]byte{byte(size), byte(size >> 8), byte(size >> 16), byte(size >> 24)})
	if _, err := io.CopyN(io.MultiWriter(f, h), rng, size); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), f.Close()
}
