package app

import (
	"encoding/json"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"boxuploader/assets"
)

// useTranslations hands the app's translations (assets/translations) to
// Fyne's lang package, which then speaks the language of the person's
// locale (LC_ALL, LC_MESSAGES or LANG, then LANGUAGE, as gettext reads
// them), and English when it has no translation for it. Main calls it
// before anything is printed or shown, for the command line and the window
// alike. Each call reads the locale again: tests call it after changing LANG.
//
// Every sentence a person reads goes through lang: lang.L("English text")
// is keyed by its English; lang.X("stable.key", "English text") where the
// same English needs another translation, or is not a sentence (a date
// layout, the usage text); lang.N and lang.XN where a count decides the
// form. Values go in as template data ({{.Name}}), so that each language
// can put them where its grammar wants. assets/translations/en.json and
// ja.json hold every key; app/lang_test.go checks that none is missing.
func useTranslations() {
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		fyne.LogError("Could not load the translations", err)
	}
	// Where Fyne speaks a language the app does not (French, Chinese…),
	// Fyne picks it, and the app's texts would come out in English with a
	// "Translation failure" logged for each, on the command line too. The
	// app's English, given as that language's, says the same in silence;
	// Fyne's own words (its dialogs' buttons) stay in that language.
	english := englishFallback()
	for _, l := range fyneLanguages {
		if english != nil && !translatedByApp(l) {
			if err := lang.AddTranslationsForLocale(english, fyne.Locale(l)); err != nil {
				fyne.LogError("Could not load the English fallback for "+l, err)
			}
		}
	}
}

// fyneLanguages are the languages Fyne translates its own words into
// (fyne.io/fyne/v2/lang/translations; lang_test.go checks the list against
// the Fyne in use).
var fyneLanguages = []string{"cs", "de", "el", "en", "es", "fr", "ja", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk", "zh-Hans"}

// fyneKeys are the app's keys that Fyne translates too: the English
// fallback leaves them to Fyne, so that a Cancel button says it as Fyne's
// dialogs do.
var fyneKeys = []string{"Cancel", "Save"}

// translatedByApp says whether assets/translations has the language l.
func translatedByApp(l string) bool {
	_, err := assets.Translations.Open("translations/" + strings.ReplaceAll(l, "-", "_") + ".json")
	if err == nil {
		return true
	}
	_, err = assets.Translations.Open("translations/" + l + ".json")
	return err == nil
}

// englishFallback is en.json without fyneKeys, with every plural form, or
// nil if it cannot be read.
var englishFallback = sync.OnceValue(func() []byte {
	b, err := assets.Translations.ReadFile("translations/en.json")
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	for _, k := range fyneKeys {
		delete(m, k)
	}
	// Other languages have more plural forms than English (Russian's "few"
	// and "many"…): they say the English "other" form, "one" staying "one".
	for _, v := range m {
		if forms, ok := v.(map[string]any); ok {
			for _, f := range []string{"zero", "one", "two", "few", "many"} {
				if _, ok := forms[f]; !ok {
					forms[f] = forms["other"]
				}
			}
		}
	}
	b, err = json.Marshal(m)
	if err != nil {
		return nil
	}
	return b
})

// data is the template data of a translated sentence.
type data = map[string]any
