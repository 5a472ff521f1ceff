#!/usr/bin/env bash
# What `make test` needs from the system besides Python 3.11 and make: Debian's Chromium and
# the CJK fonts (browser tests; without the fonts every Chinese character is a box) and
# nginx (the slow-client test in front of gunicorn), wrk and valgrind (the benchmarks' own
# tests run them briefly). Missing ones are installed through apt
# when running as root; otherwise this stops at once with the one command to run.
# Paths can be overridden (CHROMIUM, NGINX, WRK, VALGRIND, FC_LIST) to check the script itself.
set -euo pipefail

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
NGINX="${NGINX:-/usr/sbin/nginx}"
WRK="${WRK:-/usr/bin/wrk}"
VALGRIND="${VALGRIND:-/usr/bin/valgrind}"
FC_LIST="${FC_LIST:-fc-list}"

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
# grep without -q reads the whole list: with -q it stops early, fc-list dies of SIGPIPE and,
# under pipefail, installed fonts would look missing.
if ! command -v "$FC_LIST" >/dev/null 2>&1 || ! "$FC_LIST" 2>/dev/null | grep -i "noto.*cjk" >/dev/null; then
  missing+=(fonts-noto-cjk)
fi
[ -x "$NGINX" ] || missing+=(nginx)
[ -x "$WRK" ] || missing+=(wrk)
[ -x "$VALGRIND" ] || missing+=(valgrind)

[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "make test needs ${missing[*]}, which are not installed. Run, as root:" >&2
  echo "  sudo sh -c '$command'" >&2
  exit 1
fi
echo "Installing what the tests need: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
