package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed fonts/VL-PGothic-CJK.ttf
var cjkTTF []byte

//go:embed fonts/BIZUDPGothic-Bold-CJK.ttf
var cjkBoldTTF []byte

// CJKFont holds the Japanese (and other CJK) glyphs of VL PGothic and
// nothing else, so that put in front of another font it draws only what
// that font cannot. Made by fonts/make-cjk-font; its licence (BSD-3-Clause,
// M+ and Sazanami, all allowing redistribution) is fonts/LICENSE-VLGothic.txt.
var CJKFont fyne.Resource = fyne.NewStaticResource("VL-PGothic-CJK.ttf", cjkTTF)

// CJKFontBold is CJKFont's bold: the Japanese (and other CJK) glyphs of BIZ
// UDPGothic Bold, a designed bold, with the rarer kanji it lacks taken from
// VL PGothic so that bold text draws every character regular text draws.
// Its line metrics are those of Fyne's bold font, which it is put in front
// of. Made by fonts/make-cjk-font; its licence (SIL Open Font License 1.1,
// allowing redistribution) is fonts/LICENSE-BIZUDGothic.txt.
var CJKFontBold fyne.Resource = fyne.NewStaticResource("BIZUDPGothic-Bold-CJK.ttf", cjkBoldTTF)
