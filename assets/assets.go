// Package assets holds the files built into the app.
package assets

import (
	"embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the app's icon (1024×1024 PNG), for its windows; the packages
// carry the same file, named in FyneApp.toml. It is drawn by
// assets/icongen: `go run ./assets/icongen` redraws it.
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)

// Translations holds the app's texts in every language it speaks, one
// go-i18n JSON file per language (en.json, ja.json), keyed by the English
// text or by a stable key. app registers them with Fyne's lang package:
// lang.AddTranslationsFS(assets.Translations, "translations").
//
//go:embed translations
var Translations embed.FS
