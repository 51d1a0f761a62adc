#!/usr/bin/env bash
# Installs wardcase on Debian/Ubuntu, or (with --test) installs it and runs every test.
#   ./install.sh                 build in release mode and install under the prefix
#   ./install.sh --prefix DIR    install under DIR (default /usr/local as root, ~/.local otherwise)
#   ./install.sh --test          install, then run every test (unit, screen and end-to-end)
#   ./install.sh --scratch-path DIR   build in DIR instead of .build
# Also installs the manual page (man wardcase) and bash and zsh completions under the prefix.
# Safe to run twice: packages are installed only when missing, files are replaced in place.
set -euo pipefail
cd "$(dirname "$0")"

mode=install
prefix=""
build_dir=.build
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder." >&2; exit 2; }
                  prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --scratch-path) [ $# -ge 2 ] || { echo "install.sh: --scratch-path needs a folder." >&2; exit 2; }
                        build_dir="$2"; shift 2 ;;
        --scratch-path=*) build_dir="${1#--scratch-path=}"; shift ;;
        --test) mode=test; shift ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $1 (try --help)." >&2; exit 2 ;;
    esac
done
if [ -z "$prefix" ]; then
    if [ "$(id -u)" = 0 ]; then prefix=/usr/local; else prefix="$HOME/.local"; fi
fi

say() { printf '==> %s\n' "$*"; }

# System packages, each only when missing.
packages=(libncursesw5-dev libsqlite3-dev libxlsxwriter-dev)
# sqlite3: the shell tests look at the database from outside; python3-venv: openpyxl and
# python-docx open the files the exports write, as a clerk's programs would.
[ "$mode" = test ] && packages+=(tmux sqlite3 python3-venv)
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
swift build --scratch-path "$build_dir" -c release --product wardcase

say "Installing into $prefix"
install -d "$prefix/bin" "$prefix/share/wardcase"
install -m 0755 "$(swift build --scratch-path "$build_dir" -c release --show-bin-path)/wardcase" "$prefix/bin/wardcase"
# Replace the resources as a whole so that files removed upstream do not linger.
rm -rf "$prefix/share/wardcase.new"
cp -R Resources "$prefix/share/wardcase.new"
rm -rf "$prefix/share/wardcase"
mv "$prefix/share/wardcase.new" "$prefix/share/wardcase"

# The manual page, in English from the command definitions (swift-argument-parser's generate-manual
# plugin, which reuses the release build above), with the exit statuses and a Vietnamese summary added.
say "Writing the manual page and the shell completions"
install -d "$prefix/share/man/man1" "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions"
man_work="$(mktemp -d)"
trap 'rm -rf "$man_work"' EXIT
page=""
touch "$man_work/stamp"
if swift package --scratch-path "$build_dir" plugin generate-manual >"$man_work/plugin.log" 2>&1; then
    page="$(find "$build_dir/plugins" -path '*GenerateManual*' -name wardcase.1 -newer "$man_work/stamp" 2>/dev/null | head -n 1)"
fi
if [ -z "$page" ]; then
    # Without the plugin (offline, or an older toolchain): the same facts from wardcase --help.
    echo "Note: the generate-manual plugin did not run; the manual page is built from wardcase --help." >&2
    tail -n 5 "$man_work/plugin.log" >&2 || true
    page="$man_work/fallback.1"
    {
        printf '.Dd %s\n.Dt WARDCASE 1\n.Os\n.Sh NAME\n.Nm wardcase\n.Nd ward-level case work\n.Sh DESCRIPTION\n.Bd -literal\n' "$(LC_ALL=C date +'%B %-d, %Y')"
        # Backslashes and lines starting with a dot or quote would be read as roff.
        "$prefix/bin/wardcase" --help | sed -e 's/\\/\\e/g' -e "s/^[.']/\\\\\&&/"
        printf '.Ed\n.Sh "EXIT STATUS"\n.Ex -std\n'
    } >"$page"
fi
# The exit statuses replace the generic ".Ex -std" sentence; the Vietnamese summary follows them.
cat >"$man_work/exit.mdoc" <<'MDOC'
.Bl -tag -width 4n
.It 0
Success.
.It 1
User error: invalid input, no permission, a record or file not found, a wrong password.
.It 2
Usage error: an unknown option, a missing or malformed argument (see
.Nm
.Ar command
.Fl -help ) .
.It 3
Data problem: the database is corrupt, unreadable, read-only or made by a newer version of
.Nm ,
the disk is full, a backup is unusable, or
.Nm
.Cm check
found problems.
.El
.Sh "TÓM TẮT (TIẾNG VIỆT)"
.Nm
giúp cán bộ phường, xã quản lý cơ sở kinh doanh dịch vụ dễ bị lợi dụng hoạt động mại dâm, các lần kiểm tra, tin báo, hỗ trợ, chuyển gửi và báo cáo định kỳ.
Chạy
.Nm
không kèm lệnh con để mở giao diện toàn màn hình (cần một cửa sổ dòng lệnh);
.Nm Fl -demo
mở phường mẫu.
Mỗi lệnh con có hướng dẫn riêng:
.Nm
.Ar lệnh
.Fl -help .
Mọi lệnh nhận
.Fl -db Ar tệp
(cơ sở dữ liệu) và
.Fl -lang Cm vi | en
(ngôn ngữ; mặc định tiếng Việt).
.Pp
Mã thoát: 0 thành công; 1 lỗi người dùng (nhập sai, không có quyền, không tìm thấy); 2 sai cách gọi lệnh (tùy chọn không có, thiếu hoặc sai đối số); 3 lỗi dữ liệu (cơ sở dữ liệu hỏng, không đọc được, chỉ đọc hoặc do phiên bản mới hơn tạo ra, đầy đĩa, bản sao lưu không dùng được, hoặc
.Nm
.Cm check
tìm thấy lỗi).
MDOC
awk -v block="$man_work/exit.mdoc" '
    $0 == ".Ex -std" { while ((getline line < block) > 0) print line; done = 1; next }
    { print }
    END { if (!done) { while ((getline line < block) > 0) print line } }
' "$page" >"$man_work/wardcase.1"
install -m 0644 "$man_work/wardcase.1" "$prefix/share/man/man1/wardcase.1"
"$prefix/bin/wardcase" --generate-completion-script bash >"$man_work/bash"
"$prefix/bin/wardcase" --generate-completion-script zsh >"$man_work/zsh"
install -m 0644 "$man_work/bash" "$prefix/share/bash-completion/completions/wardcase"
install -m 0644 "$man_work/zsh" "$prefix/share/zsh/site-functions/_wardcase"
say "Installed $prefix/bin/wardcase, its manual page (man wardcase) and bash and zsh completions"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "Note: $prefix/bin is not on your PATH; add it, or run $prefix/bin/wardcase." ;;
esac

if [ "$mode" = test ]; then
    # Office readers for the export tests, in a virtual environment of their own; without them
    # (no network for pip) those tests say they were skipped.
    venv="$build_dir/office-venv"
    if ! "$venv/bin/python" -c 'import openpyxl, docx' >/dev/null 2>&1; then
        say "Installing openpyxl and python-docx for the export tests"
        if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q openpyxl python-docx; } >/dev/null 2>&1; then
            echo "Note: openpyxl and python-docx could not be installed; the office-reader tests will be skipped." >&2
        fi
    fi
    export WARDCASE_OFFICE_PYTHON="$(cd "$(dirname "$venv")" && pwd)/office-venv/bin/python"
    say "Running every test (the end-to-end tests drive $prefix/bin/wardcase in tmux)"
    # WARDCASE_FULL_TESTS=1: the torture and tmux suites too (a bare `swift test` skips them).
    WARDCASE_FULL_TESTS=1 WARDCASE_BIN="$prefix/bin/wardcase" swift test --scratch-path "$build_dir" --disable-swift-testing
fi
