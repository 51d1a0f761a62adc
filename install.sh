#!/usr/bin/env bash
# Installs wardcase on Debian/Ubuntu, or (with --test) installs it and runs every test.
#   ./install.sh                 build in release mode and install under the prefix
#   ./install.sh --prefix DIR    install under DIR (default /usr/local as root, ~/.local otherwise)
#   ./install.sh --test          install, then run every test (unit, screen and end-to-end)
# Safe to run twice: packages are installed only when missing, files are replaced in place.
set -euo pipefail
cd "$(dirname "$0")"

mode=install
prefix=""
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder." >&2; exit 2; }
                  prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --test) mode=test; shift ;;
        -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $1 (try --help)." >&2; exit 2 ;;
    esac
done
if [ -z "$prefix" ]; then
    if [ "$(id -u)" = 0 ]; then prefix=/usr/local; else prefix="$HOME/.local"; fi
fi

say() { printf '==> %s\n' "$*"; }

# System packages, each only when missing.
packages=(libncursesw5-dev libsqlite3-dev)
[ "$mode" = test ] && packages+=(tmux)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "Installing system packages: ${missing[*]}"
    sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || { echo "install.sh: please install ${missing[*]} as root (apt-get install ${missing[*]})." >&2; exit 1; }
        sudo=sudo
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

command -v swift >/dev/null || { echo "install.sh: the Swift 6 toolchain (swift) is not on PATH." >&2; exit 1; }

say "Building wardcase (release)"
swift build -c release --product wardcase

say "Installing into $prefix"
install -d "$prefix/bin" "$prefix/share/wardcase"
install -m 0755 "$(swift build -c release --show-bin-path)/wardcase" "$prefix/bin/wardcase"
# Replace the resources as a whole so that files removed upstream do not linger.
rm -rf "$prefix/share/wardcase.new"
cp -R Resources "$prefix/share/wardcase.new"
rm -rf "$prefix/share/wardcase"
mv "$prefix/share/wardcase.new" "$prefix/share/wardcase"
say "Installed $prefix/bin/wardcase"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "Note: $prefix/bin is not on your PATH; add it, or run $prefix/bin/wardcase." ;;
esac

if [ "$mode" = test ]; then
    say "Running every test (the end-to-end tests drive $prefix/bin/wardcase in tmux)"
    WARDCASE_BIN="$prefix/bin/wardcase" swift test --disable-swift-testing
fi
