//go:build !nogui

package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"log"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"

	"fyne.io/fyne/v2/lang"

	"boxuploader/assets"
	"boxuploader/auth"
	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// useLocale switches the texts to locale (a LANG value) for the rest of
// the test, and back to English after it.
func useLocale(t *testing.T, locale string) {
	t.Helper()
	// Cleanups run last registered first: this one runs once t.Setenv has
	// put LANG back, and reads it again.
	t.Cleanup(useTranslations)
	t.Setenv("LANG", locale)
	useTranslations()
}

// langCall is a call to lang.L, X, N or XN in the app's or the widgets' code.
type langCall struct {
	pos     string
	fn      string // L, X, N or XN
	key     string
	english string   // the text in code
	fields  []string // the template data's keys, when the call spells them out
	known   bool     // whether fields is known (a literal map, or no data)
}

func (c langCall) plural() bool { return c.fn == "N" || c.fn == "XN" }

// langCalls finds every lang call in the non-test Go files of app/ and
// widgets/.
func langCalls(t *testing.T) []langCall {
	t.Helper()
	var calls []langCall
	fset := token.NewFileSet()
	for _, dir := range []string{".", filepath.Join("..", "widgets")} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s: %v", dir, err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "lang" {
					return true
				}
				// Where the key, the English and the data are.
				first := map[string][3]int{"L": {0, 0, 1}, "N": {0, 0, 2}, "X": {0, 1, 2}, "XN": {0, 1, 3}}
				at, ok := first[sel.Sel.Name]
				if !ok {
					return true
				}
				c := langCall{pos: fset.Position(call.Pos()).String(), fn: sel.Sel.Name}
				literal := func(i int) string {
					if i < len(call.Args) {
						if b, ok := call.Args[i].(*ast.BasicLit); ok && b.Kind == token.STRING {
							s, err := strconv.Unquote(b.Value)
							if err == nil {
								return s
							}
						}
						if s, ok := englishPage(call.Args[i]); ok {
							return s
						}
					}
					t.Errorf("%s: lang.%s needs a literal string as argument %d, for translators and this test", c.pos, c.fn, i+1)
					return ""
				}
				c.key, c.english = literal(at[0]), literal(at[1])
				c.fields, c.known = dataKeys(call.Args, at[2])
				calls = append(calls, c)
				return true
			})
		}
	}
	return calls
}

// englishPage reads x when it names a text of auth.EnglishPages (as in
// auth.EnglishPages.SignedIn.Title): the browser tab's English lives in
// auth, and the app translates it.
func englishPage(x ast.Expr) (string, bool) {
	var path []string
	for {
		sel, ok := x.(*ast.SelectorExpr)
		if !ok {
			break
		}
		path = append([]string{sel.Sel.Name}, path...)
		x = sel.X
	}
	if id, ok := x.(*ast.Ident); !ok || id.Name != "auth" || len(path) != 3 || path[0] != "EnglishPages" {
		return "", false
	}
	v := reflect.ValueOf(auth.EnglishPages).FieldByName(path[1]).FieldByName(path[2])
	if !v.IsValid() || v.Kind() != reflect.String {
		return "", false
	}
	return v.String(), true
}

// dataKeys returns the keys of the template data argument at i, if the call
// spells them out (no data, or a map literal with string keys).
func dataKeys(args []ast.Expr, i int) ([]string, bool) {
	if i >= len(args) {
		return nil, true
	}
	lit, ok := args[i].(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	var keys []string
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return nil, false
		}
		b, ok := kv.Key.(*ast.BasicLit)
		if !ok || b.Kind != token.STRING {
			return nil, false
		}
		k, _ := strconv.Unquote(b.Value)
		keys = append(keys, k)
	}
	return keys, true
}

// readTranslations reads assets/translations/name: key to a text, or to
// plural forms.
func readTranslations(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := assets.Translations.ReadFile("translations/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// forms returns the texts of a translation: one, or one per plural form.
func forms(v any) map[string]string {
	switch v := v.(type) {
	case string:
		return map[string]string{"": v}
	case map[string]any:
		out := map[string]string{}
		for k, s := range v {
			out[k], _ = s.(string)
		}
		return out
	}
	return nil
}

var templateField = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

func TestTranslations_EveryKeyInBothLanguages(t *testing.T) {
	calls := langCalls(t)
	if len(calls) < 100 {
		t.Fatalf("found only %d lang calls: is the walk broken?", len(calls))
	}
	en, ja := readTranslations(t, "en.json"), readTranslations(t, "ja.json")
	used := map[string]bool{}
	for _, c := range calls {
		used[c.key] = true
		check := func(file string, tr map[string]any, wantForms []string) {
			v, ok := tr[c.key]
			if !ok {
				t.Errorf("%s: %s lacks %q", c.pos, file, c.key)
				return
			}
			got := forms(v)
			if _, isText := v.(string); isText == c.plural() {
				t.Errorf("%s: %s has %q as %v; lang.%s wants %s", c.pos, file, c.key, v, c.fn,
					map[bool]string{true: "plural forms", false: "a text"}[c.plural()])
				return
			}
			for _, f := range wantForms {
				if _, ok := got[f]; !ok {
					t.Errorf("%s: %s lacks the %q form of %q", c.pos, file, f, c.key)
				}
			}
			for form, text := range got {
				if _, err := template.New(c.key).Parse(text); err != nil {
					t.Errorf("%s: %s, %q %s: %v", c.pos, file, c.key, form, err)
				}
				if strings.Count(text, "{{") != len(templateField.FindAllString(text, -1)) {
					t.Errorf("%s: %s, %q %s: only {{.Field}} is expected in a text", c.pos, file, c.key, form)
				}
				for _, m := range templateField.FindAllStringSubmatch(text, -1) {
					if c.known && !slices.Contains(c.fields, m[1]) {
						t.Errorf("%s: %s, %q uses {{.%s}}, which the code does not give (it gives %q)", c.pos, file, c.key, m[1], c.fields)
					}
				}
			}
		}
		if c.plural() {
			check("en.json", en, []string{"one", "other"})
			check("ja.json", ja, []string{"other"}) // Japanese has no other plural form
		} else {
			check("en.json", en, nil)
			check("ja.json", ja, nil)
		}
		// en.json says what the code says: it is what English readers get.
		if got := forms(en[c.key])[map[bool]string{true: "other", false: ""}[c.plural()]]; en[c.key] != nil && got != c.english {
			t.Errorf("%s: en.json has %q for %q, the code says %q", c.pos, got, c.key, c.english)
		}
	}
	for _, tr := range []struct {
		name string
		m    map[string]any
	}{{"en.json", en}, {"ja.json", ja}} {
		for k := range tr.m {
			if !used[k] {
				t.Errorf("%s has %q, which no code uses", tr.name, k)
			}
		}
	}
}

func TestTranslations_SameKeysInEveryLanguage(t *testing.T) {
	en, ja := readTranslations(t, "en.json"), readTranslations(t, "ja.json")
	for k := range en {
		if _, ok := ja[k]; !ok {
			t.Errorf("ja.json lacks %q", k)
		}
	}
	for k := range ja {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q, which ja.json has", k)
		}
	}
}

func TestTranslations_Japanese(t *testing.T) {
	useLocale(t, "ja_JP.UTF-8")
	if got, want := Explain(upload.ErrCanceled), "アップロードをキャンセルしました。Box では何も変更されていません。"; got != want {
		t.Errorf("Explain(ErrCanceled) = %q, want %q", got, want)
	}
	if got := Explain(errors.New("something nobody planned for")); !strings.HasPrefix(got, "Box との通信中に問題が起きました。") {
		t.Errorf("Explain(unknown) = %q, want it in Japanese", got)
	}
	for _, tc := range []struct{ got, want string }{
		{formatTime(time.Date(2026, 11, 3, 14, 2, 0, 0, time.Local)), "2026年11月3日 14:02"},
		{formatETA(120_000_000, 1_000_000), "残り 2 分"},
		{formatETA(30_000_000, 1_000_000), "残り 30 秒"},
		{formatETA(7_500_000_000, 1_000_000), "残り 2 時間 5 分"},
		{formatSize(512), "512 バイト"},
		{formatSize(1_234_000_000), "1.2 GB"},
		{formatRate(12_000_000), "12 MB/s"},
		{
			progressSentence(upload.Progress{Phase: upload.PhaseUploading, Sent: 450_000_000, Total: 1_000_000_000, Rate: 12_000_000}),
			"アップロード中  45%  450 MB / 1.0 GB  12 MB/s  残り 46 秒",
		},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}

	// The terminal's progress line blanks what a shorter line leaves, by
	// columns: each Japanese character takes two.
	var term bytes.Buffer
	line := &progressLine{w: &term, active: true}
	line.draw("残り 46 秒")
	term.Reset()
	line.draw("a")
	if got, want := term.String(), "\ra"+strings.Repeat(" ", 9); got != want {
		t.Errorf("after 残り 46 秒, the line draws %q, want %q", got, want)
	}

	// Two files onto 営業部 / 2026: one has a namesake there, one is new.
	quote, _ := writeFile(t, "見積書.xlsx", 3000)
	minutes, _ := writeFile(t, "議事録.docx", 2000)
	box := boxtest.NewServer(boxtest.Options{})
	t.Cleanup(box.Close)
	be := testBackend(t, box)
	h := openOn(t, be, box, WindowOptions{Files: []string{quote, minutes}, FolderID: be.demoTree.Sales2026})
	if got, want := h.w.win.Title(), "Box Uploader — デモ"; got != want {
		t.Errorf("window title %q, want %q", got, want)
	}
	h.see("ここにファイルやフォルダーをドロップ", "[ファイルを選択…]", "[フォルダーを選択…]", "1. このコンピューターのファイル", "2. Box のアップロード先",
		"見積書.xlsx", "議事録.docx", "待機中", "[2 個のファイルをアップロード]", "[Box から選ぶ…]",
		"Demo User", "[サインアウト]", "営業部 / 2026", "同じ名前のファイルは新しいバージョンに、それ以外は新しいファイルになります。",
		"→ 営業部 / 2026 / 見積書.xlsx：新しいバージョンとして（現在は 2026年", "に 田中 太郎 が更新）",
		"→ 営業部 / 2026：新しいファイル「議事録.docx」")
	h.tap("2 個のファイルをアップロード")
	h.see("2 個のファイルを Box にアップロードしますか？", "1 個の Box ファイルの新しいバージョン：見積書.xlsx。", "新しいファイル：1 個。",
		"Box にある現在のバージョンは、各ファイルのバージョン履歴に残ります。")
	h.tap("置き換える")
	h.settle()
	h.see("アップロードしました — バージョン 5", "新しいファイルとしてアップロードしました", "[Box で開く]")
	h.tap("最近のアップロード")
	h.see("見積書.xlsx → 見積書.xlsx：アップロードしました — バージョン 5")
}

func TestTranslations_EnglishAgainAfterJapanese(t *testing.T) {
	t.Run("ja", func(t *testing.T) { useLocale(t, "ja_JP.UTF-8") })
	if got := Explain(upload.ErrCanceled); got != "The upload was cancelled. Nothing was changed in Box." {
		t.Errorf("after a Japanese test, Explain(ErrCanceled) = %q", got)
	}
}

// TestTranslations_NothingLoggedInAnyLanguage says every text in every
// locale, Fyne's languages included: Fyne logs each text it cannot find
// in the language it chose, on the command line's stderr too.
func TestTranslations_NothingLoggedInAnyLanguage(t *testing.T) {
	calls := langCalls(t)
	locales := []string{
		"C", "en_US.UTF-8", "en_GB.UTF-8", "ja_JP.UTF-8", "fr_FR.UTF-8", "de_DE.UTF-8", "zh_CN.UTF-8",
		"zh_TW.UTF-8", "ko_KR.UTF-8", "pt_BR.UTF-8", "pt_PT.UTF-8", "es_MX.UTF-8",
	}
	for _, l := range fyneLanguages {
		locales = append(locales, strings.ReplaceAll(l, "-", "_")+".UTF-8")
	}
	for _, locale := range locales {
		t.Run(locale, func(t *testing.T) {
			useLocale(t, locale)
			var logged bytes.Buffer
			defer log.SetOutput(log.Writer())
			log.SetOutput(&logged)
			for _, c := range calls {
				for _, n := range []int{0, 1, 2, 5, 21, 1000} { // every plural form, in every language
					d := data{}
					for _, f := range c.fields {
						d[f] = n
					}
					switch c.fn {
					case "L":
						lang.L(c.key, d)
					case "X":
						lang.X(c.key, c.english, d)
					case "N":
						lang.N(c.key, n, d)
					case "XN":
						lang.XN(c.key, c.english, n, d)
					}
				}
			}
			if logged.Len() > 0 {
				t.Errorf("logged:\n%s", logged.String())
			}
		})
	}
}

// TestTranslations_FyneLanguagesAreKnown checks fyneLanguages and fyneKeys
// against the Fyne in use, read from its source.
func TestTranslations_FyneLanguagesAreKnown(t *testing.T) {
	fn := runtime.FuncForPC(reflect.ValueOf(lang.AddTranslationsFS).Pointer())
	file, _ := fn.FileLine(fn.Entry())
	dir := filepath.Join(filepath.Dir(file), "translations")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("Fyne's translations are not readable here: %v", err)
	}
	var langs []string
	for _, e := range entries {
		if l, ok := strings.CutPrefix(strings.TrimSuffix(e.Name(), ".json"), "base."); ok {
			langs = append(langs, strings.ReplaceAll(l, "_", "-"))
		}
	}
	slices.Sort(langs)
	if !slices.Equal(langs, fyneLanguages) {
		t.Errorf("Fyne translates into %q; fyneLanguages says %q", langs, fyneLanguages)
	}
	b, err := os.ReadFile(filepath.Join(dir, "base.en.json"))
	if err != nil {
		t.Fatal(err)
	}
	var base map[string]any
	if err := json.Unmarshal(b, &base); err != nil {
		t.Fatal(err)
	}
	var shared []string
	for k := range readTranslations(t, "en.json") {
		if _, ok := base[k]; ok {
			shared = append(shared, k)
		}
	}
	slices.Sort(shared)
	if !slices.Equal(shared, fyneKeys) {
		t.Errorf("keys Fyne translates too: %q; fyneKeys says %q", shared, fyneKeys)
	}
}
