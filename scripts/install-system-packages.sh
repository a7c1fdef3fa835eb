#!/usr/bin/env bash
# Install the Debian/Ubuntu packages camreg needs, if any is missing.
# SpatiaLite for the embedded default; PostgreSQL 15 + PostGIS 3 for the tests and production.
set -euo pipefail

PACKAGES=(
  libsqlite3-mod-spatialite
  postgresql-15
  postgresql-15-postgis-3
  python3-venv
  chromium  # the map page's browser tests (headless, driven by Playwright)
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0  # WeasyPrint (PDF reports)
  fonts-dejavu-core  # the PDF reports' font: every Vietnamese glyph, embedded in the file
  poppler-utils  # pdftotext/pdftoppm/pdffonts: the report tests read the PDF back
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
# The map page's JavaScript libraries are installed with npm: Debian's nodejs and npm, unless a
# Node.js that brings its own npm is already there.
if ! command -v npm >/dev/null; then
  for pkg in nodejs npm; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "camreg needs these Debian/Ubuntu packages: ${missing[*]} (no apt-get here)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "==> apt-get install ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a system-wide cluster on install; the tests start their own throwaway one.
