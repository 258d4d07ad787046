# Shared helpers for the scripts: find Go, install Debian packages when
# they are missing. Sourced, not run.

step() { printf '\n== %s\n' "$*"; }

# need_go puts a Go toolchain of at least the go.mod version on PATH,
# downloading the official release into ~/.local/go if there is none.
need_go() {
	for d in /usr/local/go/bin "$HOME/.local/go/bin"; do
		case ":$PATH:" in *":$d:"*) ;; *) [ -x "$d/go" ] && PATH="$d:$PATH" ;; esac
	done
	export PATH
	# Go 1.21 and later fetch the go.mod version themselves when older.
	if command -v go >/dev/null 2>&1; then
		minor=$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
		if [ -n "$minor" ] && [ "$minor" -ge 21 ]; then return; fi
	fi
	want=$(awk '/^go /{print $2; exit}' go.mod)
	case "$(uname -m)" in aarch64 | arm64) arch=arm64 ;; *) arch=amd64 ;; esac
	command -v curl >/dev/null 2>&1 || need_apt_packages curl ca-certificates
	step "installing Go $want into ~/.local/go"
	mkdir -p "$HOME/.local"
	rm -rf "$HOME/.local/go"
	curl -fsSL "https://go.dev/dl/go${want}.linux-${arch}.tar.gz" | tar -C "$HOME/.local" -xz
	PATH="$HOME/.local/go/bin:$PATH"
}

# need_apt_packages installs the named Debian packages that are not
# installed yet (with sudo when not root).
need_apt_packages() {
	missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	step "installing ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
