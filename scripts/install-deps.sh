#!/usr/bin/env bash
# Installs the C libraries Orrery links against (GSL, SQLite) and pkg-config, if missing.
# Debian/Ubuntu as root: installs with apt-get. Elsewhere: says what to install.
set -euo pipefail

if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gsl sqlite3; then
    exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            echo "orrery: need root (or sudo) to apt-get install libgsl-dev libsqlite3-dev pkg-config" >&2
            exit 1
        fi
    fi
    echo "orrery: installing libgsl-dev libsqlite3-dev pkg-config" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq libgsl-dev libsqlite3-dev pkg-config >/dev/null
    exit 0
fi

cat >&2 <<'MSG'
orrery: GSL, SQLite and pkg-config are needed to build. Install them with your package manager:
  macOS (Homebrew):   brew install gsl sqlite pkg-config
  Fedora/RHEL:        dnf install gsl-devel sqlite-devel pkgconf-pkg-config
  Arch:               pacman -S gsl sqlite pkgconf
then run the command again.
MSG
exit 1
