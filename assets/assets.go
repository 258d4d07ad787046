// Package assets holds files built into the app, such as its icon.
package assets

import _ "embed"

// IconPNG is the app's icon: a 512×512 PNG.
//
//go:embed icon.png
var IconPNG []byte
