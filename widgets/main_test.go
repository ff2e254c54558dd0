package widgets

import (
	"os"
	"testing"

	"fyne.io/fyne/v2/lang"
)

// TestMain makes the tests read English whatever the developer's locale:
// Fyne's own translations would otherwise turn "Cancel" into another
// language. LC_ALL, LC_MESSAGES and LANGUAGE would win over LANG.
func TestMain(m *testing.M) {
	os.Setenv("LANG", "en_US.UTF-8")
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANGUAGE"} {
		os.Unsetenv(v)
	}
	// Fyne read the locale when its lang package started; adding a bundle
	// (an empty one) makes it read it again.
	lang.AddTranslationsForLocale([]byte("{}"), "en")
	os.Exit(m.Run())
}
