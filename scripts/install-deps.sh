#!/usr/bin/env bash
# Installs the system packages Imago builds and tests with (Debian/Ubuntu), when they are missing.
# As root it runs apt-get; otherwise it prints the exact command to run and fails.
set -euo pipefail

packages=(libpng-dev libtiff-dev libtiff-tools libwebp-dev libturbojpeg0-dev libjpeg-turbo-progs webp netpbm zlib1g-dev pkg-config)
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
