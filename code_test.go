package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestCode_FunctionsStayShort keeps every function of app/ and upload/ (the
// engine, the wire types and the fake Box) readable in one screen: a longer
// one is split into steps with names.
func TestCode_FunctionsStayShort(t *testing.T) {
	t.Parallel()
	const most = 80
	var files []string
	for _, dir := range []string{"app", "upload", "upload/boxapi", "upload/boxtest", "upload/boxtest/fakebox"} {
		matches, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(matches) == 0 {
			t.Fatalf("no Go files in %s: %v", dir, err)
		}
		files = append(files, matches...)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1; n > most {
					t.Errorf("%s: %s has %d lines, more than %d", name, fd.Name.Name, n, most)
				}
			}
		}
	}
}
