// Command icon writes a Windows icon (.ico) made from a square PNG, for
// the Setup and its uninstaller: `go run ./installer/icon IN.png OUT.ico`.
// Each size is the PNG scaled down by averaging, stored as PNG, which
// Windows reads in icons since Vista.
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
)

// sizes divide 1024, the size assets/icongen draws, for even averaging;
// Windows scales the nearest one for sizes in between.
var sizes = []int{16, 32, 64, 256}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: icon IN.png OUT.ico")
		os.Exit(2)
	}
	if err := convert(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "icon:", err)
		os.Exit(1)
	}
}

func convert(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	src, err := png.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	var images [][]byte
	for _, size := range sizes {
		var b bytes.Buffer
		if err := png.Encode(&b, shrink(src, size)); err != nil {
			return err
		}
		images = append(images, b.Bytes())
	}
	return os.WriteFile(out, ico(images), 0o644)
}

// shrink averages src's pixels down to size×size.
func shrink(src image.Image, size int) *image.NRGBA {
	r := src.Bounds()
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			x0, x1 := r.Min.X+x*r.Dx()/size, r.Min.X+(x+1)*r.Dx()/size
			y0, y1 := r.Min.Y+y*r.Dy()/size, r.Min.Y+(y+1)*r.Dy()/size
			var sr, sg, sb, sa, n uint64
			for sy := y0; sy < y1; sy++ {
				for sx := x0; sx < x1; sx++ {
					c := color.NRGBA64Model.Convert(src.At(sx, sy)).(color.NRGBA64)
					// Weighted by alpha, so that transparent pixels lend no colour.
					sr += uint64(c.R) * uint64(c.A)
					sg += uint64(c.G) * uint64(c.A)
					sb += uint64(c.B) * uint64(c.A)
					sa += uint64(c.A)
					n++
				}
			}
			if sa == 0 {
				continue
			}
			dst.SetNRGBA(x, y, color.NRGBA{
				R: uint8(sr / sa >> 8), G: uint8(sg / sa >> 8), B: uint8(sb / sa >> 8), A: uint8(sa / n >> 8),
			})
		}
	}
	return dst
}

// ico lays out the icon file: a header, a directory entry per image, then
// the images (each PNG of sizes[i]).
func ico(images [][]byte) []byte {
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	le([3]uint16{0, 1, uint16(len(images))}) // reserved, type 1 (icon), count
	offset := 6 + 16*len(images)
	for i, img := range images {
		dim := uint8(sizes[i] % 256) // 0 means 256
		le([4]uint8{dim, dim, 0, 0}) // width, height, no palette, reserved
		le([2]uint16{1, 32})         // colour planes, bits per pixel
		le([2]uint32{uint32(len(img)), uint32(offset)})
		offset += len(img)
	}
	for _, img := range images {
		b.Write(img)
	}
	return b.Bytes()
}
