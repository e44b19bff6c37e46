#!/usr/bin/env bash
# Install the Debian packages the tests need when they are missing: chromium (browser tests, never
# a downloaded browser), gettext (message catalogues), PostgreSQL 15 server binaries, and fonts.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql-15)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
# WeasyPrint (PDF reports) needs Pango with its FreeType backend.
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian packages: ${need[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "not root: install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
