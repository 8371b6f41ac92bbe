// Package ui holds the built back-office page: a single-page app whose sources are in src/,
// bundled by esbuild into dist/ (see README.md). The Go server serves dist/index.html at / and
// the rest of dist/ under /assets/.
package ui

import (
	"embed"
	"io/fs"
)

// Assets is the dist folder as built. In a fresh clone, before the page is built, it holds only
// dist/placeholder.txt: the Go build never needs Node, and a server without the page says so.
//
//go:embed dist
var Assets embed.FS

// Dist returns the built files with dist/ as their root: index.html, app.js, app.css and their
// source maps (and placeholder.txt).
func Dist() fs.FS {
	sub, err := fs.Sub(Assets, "dist")
	if err != nil {
		// fs.Sub fails only on an invalid path name, and "dist" is a valid one.
		panic(err)
	}
	return sub
}
