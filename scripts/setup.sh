#!/bin/sh
# setup.sh - install what fundament needs on Debian 12 and build it.
#   scripts/setup.sh           build dependencies, then build
#   scripts/setup.sh --tests   also the test tools (rapper, rdflib, ...)
#   scripts/setup.sh --deps    install only, do not build
# Installs with apt-get (as root, or through sudo when available).
set -eu
cd "$(dirname "$0")/.."

tests=0
build=1
for a in "$@"; do
    case "$a" in
    --tests) tests=1 ;;
    --deps) build=0 ;;
    *) echo "usage: scripts/setup.sh [--tests] [--deps]" >&2; exit 2 ;;
    esac
done

# Build: compiler, autotools, and the libraries named in docs/dependencies.md.
pkgs="build-essential autoconf automake libtool pkg-config
      librdf0-dev libraptor2-dev librasqal3-dev libmicrohttpd-dev libsqlite3-dev
      libyajl-dev libpcre2-dev libcmocka-dev"
# Tests: real clients and independent parsers.
[ "$tests" = 1 ] && pkgs="$pkgs raptor2-utils curl python3 python3-rdflib python3-sparqlwrapper
      procps util-linux valgrind"

missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    echo "installing:$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

[ "$build" = 1 ] || exit 0
[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure
make -j"$(nproc)"
