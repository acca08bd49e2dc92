#!/usr/bin/env bash
# Builds the exact Debian versions of the C libraries Imago links (the source packages of the -dev packages installed
# on this machine, Debian's patches applied) with clang, libFuzzer's edge coverage, AddressSanitizer and
# UndefinedBehaviorSanitizer, as static libraries in a private prefix. `make fuzz-deep CODEC=...` then links the fuzz
# targets of Fuzz/ against them (through PKG_CONFIG_PATH, which the codecs' system-library targets follow), so that the
# fuzzer steers by, and the sanitizers check, the code inside libjpeg-turbo, libpng, libtiff, libwebp and giflib.
#
#   scripts/fuzz-deep-build.sh [OUT] [LIBRARY...]     OUT defaults to .build-fuzz-deep; LIBRARY: jpeg png tiff webp gif
#
# Needs root for apt-get (deb-src entries for the configured Debian archive are added when missing, and cmake/nasm are
# installed as build tools). Each library is rebuilt only when its Debian version changed.
set -euo pipefail

out=$(realpath -m "${1:-.build-fuzz-deep}")
shift || true
libraries=("$@")
[ ${#libraries[@]} -gt 0 ] || libraries=(jpeg png tiff webp gif)
prefix=$out/prefix
src=$out/src
mkdir -p "$prefix/lib" "$prefix/include" "$src"

# The toolchain's clang carries the libFuzzer and sanitizer runtimes that swiftc links the fuzz targets with.
swift_bin=$(dirname "$(readlink -f "$(command -v swiftc)")")
export CC=$swift_bin/clang CXX=$swift_bin/clang++
sanitize="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=function"
export CFLAGS="-g -O1 -fno-omit-frame-pointer $sanitize"
export CXXFLAGS=$CFLAGS
export LDFLAGS="$sanitize"

log() { echo "fuzz-deep-build: $*" >&2; }

# deb-src entries mirroring the configured deb822 entries, so `apt-get source` finds the exact versions installed.
enable_sources() {
  if apt-get source --print-uris -qq zlib >/dev/null 2>&1; then return; fi
  [ "$(id -u)" -eq 0 ] || { echo "fuzz-deep-build: deb-src entries are missing; run as root once" >&2; exit 1; }
  local list=/etc/apt/sources.list.d/imago-deb-src.sources
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$list"
  else
    grep -h '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' > /etc/apt/sources.list.d/imago-deb-src.list
  fi
  apt-get update -qq
}

install_tools() {
  local missing=()
  for p in cmake nasm dpkg-dev; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return
  log "installing build tools: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Downloads and unpacks (with Debian's patches) the source package of an installed -dev package; prints its folder.
# The installed version is taken when the archive still has its source; otherwise (a mirror keeps only some versions)
# the newest version whose source downloads, and the difference is said on stderr and in OUT/versions.txt.
unpack() {
  local dev=$1 name installed version="" folder candidate
  name=$(dpkg-query -W -f='${source:Package}' "$dev")
  installed=$(dpkg-query -W -f='${source:Version}' "$dev")
  for candidate in "$installed" $(apt-cache showsrc "$name" 2>/dev/null | sed -n 's/^Version: //p' | sort -rV); do
    folder=$src/$name-${candidate#*:}   # no epoch: make cannot take a ':' in a path
    if [ -d "$folder" ] || (cd "$src" && apt-get source -qq --download-only "$name=$candidate" >/dev/null 2>&1); then
      version=$candidate
      break
    fi
  done
  [ -n "$version" ] || { echo "fuzz-deep-build: no source of $name downloads from the configured archive" >&2; exit 1; }
  if [ "$version" != "$installed" ]; then
    log "$name: the source of the installed $installed is not in the archive; building $version instead"
  fi
  echo "$dev $name installed=$installed built=$version" >> "$out/versions.txt.new"
  if [ ! -d "$folder" ]; then
    local dsc
    dsc=$(ls "$src"/"${name}"_*.dsc | grep -F "_${version#*:}.dsc" | head -n 1)
    dpkg-source -x --no-check "$dsc" "$folder" >/dev/null
  fi
  echo "$folder"
}

# Whether the library built from `folder` is already in the prefix.
built() { [ -f "$prefix/.built-$(basename "$1")" ]; }
mark_built() { touch "$prefix/.built-$(basename "$1")"; }

cmake_build() {
  local folder=$1; shift
  rm -rf "$folder/.imago-build"
  cmake -S "$folder" -B "$folder/.imago-build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO= \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR="$prefix/lib" -DCMAKE_INSTALL_INCLUDEDIR="$prefix/include" -DCMAKE_PREFIX_PATH="$prefix" \
    -DBUILD_SHARED_LIBS=OFF "$@" >"$folder/.imago-configure.log" 2>&1
  cmake --build "$folder/.imago-build" -j"$(nproc)" >"$folder/.imago-build.log" 2>&1 \
    || { echo "fuzz-deep-build: build failed, see $folder/.imago-build.log" >&2; exit 1; }
  cmake --install "$folder/.imago-build" >/dev/null
}

build_jpeg() {
  local folder; folder=$(unpack libjpeg62-turbo-dev)
  built "$folder" && return
  log "libjpeg-turbo from $folder"
  # The SIMD paths are assembly (not instrumented, as in every sanitizer build); the C code around them is.
  cmake_build "$folder" -DENABLE_SHARED=OFF -DENABLE_STATIC=ON -DWITH_TURBOJPEG=OFF -DWITH_JPEG8=OFF
  mark_built "$folder"
}

build_png() {
  local folder; folder=$(unpack libpng-dev)
  built "$folder" && return
  log "libpng from $folder"
  (cd "$folder" && ./configure --prefix="$prefix" --disable-shared --enable-static --disable-tools >.imago-configure.log 2>&1 \
    && make -j"$(nproc)" >.imago-build.log 2>&1 && make install >/dev/null) \
    || { echo "fuzz-deep-build: build failed, see $folder/.imago-build.log" >&2; exit 1; }
  mark_built "$folder"
}

build_tiff() {
  build_jpeg
  local folder; folder=$(unpack libtiff-dev)
  built "$folder" && return
  log "libtiff from $folder"
  # Debian builds libtiff with JPEG, zlib, libdeflate, LZMA, ZSTD, JBIG, LERC and WebP: the same here, with the
  # instrumented libjpeg from the prefix and the system's others.
  cmake_build "$folder" -Dtiff-tools=OFF -Dtiff-tests=OFF -Dtiff-docs=OFF -Dtiff-contrib=OFF -Dtiff-cxx=OFF \
    -Dwebp=OFF -DJPEG_INCLUDE_DIR="$prefix/include" -DJPEG_LIBRARY="$prefix/lib/libjpeg.a"
  mark_built "$folder"
}

build_webp() {
  local folder; folder=$(unpack libwebp-dev)
  built "$folder" && return
  log "libwebp from $folder"
  cmake_build "$folder" -DWEBP_BUILD_ANIM_UTILS=OFF -DWEBP_BUILD_CWEBP=OFF -DWEBP_BUILD_DWEBP=OFF \
    -DWEBP_BUILD_GIF2WEBP=OFF -DWEBP_BUILD_IMG2WEBP=OFF -DWEBP_BUILD_VWEBP=OFF -DWEBP_BUILD_WEBPINFO=OFF \
    -DWEBP_BUILD_WEBPMUX=OFF -DWEBP_BUILD_EXTRAS=OFF -DWEBP_BUILD_LIBWEBPMUX=ON
  mark_built "$folder"
}

build_gif() {
  local folder; folder=$(unpack libgif-dev)
  built "$folder" && return
  log "giflib from $folder"
  (cd "$folder" && make -j"$(nproc)" CC="$CC" CFLAGS="$CFLAGS -std=gnu99 -fPIC" libgif.a >.imago-build.log 2>&1 \
    && install -m 644 libgif.a "$prefix/lib/" && install -m 644 gif_lib.h "$prefix/include/") \
    || { echo "fuzz-deep-build: build failed, see $folder/.imago-build.log" >&2; exit 1; }
  mark_built "$folder"
}

install_tools
enable_sources
rm -f "$out/versions.txt.new"
for library in "${libraries[@]}"; do
  case "$library" in
    jpeg|png|tiff|webp|gif) "build_$library" ;;
    *) echo "fuzz-deep-build: unknown library $library (jpeg png tiff webp gif)" >&2; exit 2 ;;
  esac
done
sort -u "$out/versions.txt.new" > "$out/versions.txt" && rm -f "$out/versions.txt.new"
log "instrumented libraries in $prefix/lib: $(cd "$prefix/lib" && ls ./*.a | xargs -n1 basename | tr '\n' ' ')"
