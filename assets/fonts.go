package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed fonts/VL-PGothic-CJK.ttf
var cjkTTF []byte

// CJKFont holds the Japanese (and other CJK) glyphs of VL PGothic and
// nothing else, so that put in front of another font it draws only what
// that font cannot. Made by fonts/make-cjk-font; its licence (BSD-3-Clause,
// M+ and Sazanami, all allowing redistribution) is fonts/LICENSE-VLGothic.txt.
var CJKFont fyne.Resource = fyne.NewStaticResource("VL-PGothic-CJK.ttf", cjkTTF)
