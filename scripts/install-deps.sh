#!/usr/bin/env bash
# Installs the system packages Imago builds and tests with, when they are missing: apt on Debian/Ubuntu, Homebrew on
# macOS. As root (Debian) it runs apt-get; otherwise it prints the exact command to run and fails. Elsewhere it names
# the libraries to install (found through pkg-config: libjpeg, libpng16, libtiff-4, libwebp, giflib, lcms2).
set -euo pipefail

if [ "$(uname -s)" = Darwin ]; then
  formulae=(pkg-config jpeg-turbo libpng libtiff webp giflib little-cms2 netpbm exiftool tmux)
  command -v brew >/dev/null 2>&1 || { echo "install-deps: Homebrew is needed on macOS (https://brew.sh), then: brew install ${formulae[*]}" >&2; exit 1; }
  missing=()
  for f in "${formulae[@]}"; do brew list --formula "$f" >/dev/null 2>&1 || missing+=("$f"); done
  [ ${#missing[@]} -eq 0 ] && exit 0
  echo "install-deps: brew install ${missing[*]}"
  brew install "${missing[@]}"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: no apt-get here; install with your package manager: pkg-config, the development files of" >&2
  echo "  libjpeg-turbo, libpng, libtiff, libwebp, giflib and lcms2, and the tools djpeg, tiffinfo, dwebp, netpbm." >&2
  exit 1
fi

packages=(libpng-dev libtiff-dev libtiff-tools libwebp-dev libturbojpeg0-dev libjpeg-turbo-progs webp netpbm zlib1g-dev
  pkg-config libgif-dev liblcms2-dev liblcms2-utils colord-data libgs-common
  libimage-exiftool-perl tmux)
# The libjpeg-turbo development package is named differently on Debian and Ubuntu.
if apt-cache show libjpeg62-turbo-dev >/dev/null 2>&1 || dpkg -s libjpeg62-turbo-dev >/dev/null 2>&1; then
  packages+=(libjpeg62-turbo-dev)
else
  packages+=(libjpeg-turbo8-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "install-deps: missing packages; run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
