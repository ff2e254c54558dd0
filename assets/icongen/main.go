// Command icongen draws the app's icon, assets/icon.png (1024×1024).
//
// Regenerate it from the repository root with:
//
//	go run ./assets/icongen
//
// The drawing is laid out on a 16×16 grid so that the straight edges of the
// arrow and the cards fall on whole pixels at 16, 32 and 48 px, where icons
// are hardest to read. Each pixel is the average of 4×4 samples (supersampling
// with a box filter), which anti-aliases the rounded corners and the arrow's
// slopes.
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

const (
	size = 1024
	ss   = 4           // samples per pixel along each axis
	unit = size / 16.0 // one cell of the design grid, in pixels
)

// shape reports whether a point, in grid units (0..16, y down), is inside.
type shape func(x, y float64) bool

// roundedRect is the rectangle x0..x1 × y0..y1 with corners of radius r.
func roundedRect(x0, y0, x1, y1, r float64) shape {
	return func(x, y float64) bool {
		dx := math.Max(math.Max(x0+r-x, x-(x1-r)), 0)
		dy := math.Max(math.Max(y0+r-y, y-(y1-r)), 0)
		return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx*dx+dy*dy <= r*r
	}
}

// upArrow is an arrow pointing up: a head with its tip at (cx, tip) and its
// base at y = base, headW wide, on a shaft shaftW wide down to y = end.
func upArrow(cx, tip, base, headW, end, shaftW float64) shape {
	slope := headW / 2 / (base - tip)
	return func(x, y float64) bool {
		d := math.Abs(x - cx)
		return (y >= tip && y <= base && d <= (y-tip)*slope) ||
			(y >= base && y <= end && d <= shaftW/2)
	}
}

// union is inside wherever one of shapes is.
func union(shapes ...shape) shape {
	return func(x, y float64) bool {
		for _, s := range shapes {
			if s(x, y) {
				return true
			}
		}
		return false
	}
}

func main() {
	// Box's deep blue (#0061D5 in the middle), a little lighter at the top so
	// it does not look flat.
	top := color.RGBA{0x1a, 0x78, 0xe6, 0xff}
	bottom := color.RGBA{0x00, 0x55, 0xc2, 0xff}
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}

	tile := roundedRect(0.5, 0.5, 15.5, 15.5, 3.5)
	// In white, an arrow going up from two cards: the versions of a file.
	mark := union(upArrow(8, 2, 7, 10, 10, 4), roundedRect(4, 11, 12, 12, 0.5), roundedRect(3, 13, 13, 14, 0.5))

	img := image.NewRGBA(image.Rect(0, 0, size, size))
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / unit
					y := (float64(py) + (float64(sy)+0.5)/ss) / unit
					if !tile(x, y) {
						continue // transparent outside the tile
					}
					c := lerp(top, bottom, y/16)
					if mark(x, y) {
						c = white
					}
					r, g, b, a = r+float64(c.R), g+float64(c.G), b+float64(c.B), a+255
				}
			}
			// Colours are opaque, so summing them gives premultiplied values.
			n := float64(ss * ss)
			img.SetRGBA(px, py, color.RGBA{uint8(r/n + 0.5), uint8(g/n + 0.5), uint8(b/n + 0.5), uint8(a/n + 0.5)})
		}
	}

	f, err := os.Create("assets/icon.png")
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// lerp blends from a to b as t goes from 0 to 1.
func lerp(a, b color.RGBA, t float64) color.RGBA {
	mix := func(p, q uint8) uint8 { return uint8(float64(p) + (float64(q)-float64(p))*t + 0.5) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}
