#!/usr/bin/env bash
# The whole suite, on SQLite and then on PostgreSQL (called by `make test`).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
TEST_PG_URL=${TEST_PG_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/crm_test}
WORKERS=${PYTEST_WORKERS:-auto}

say() { printf '\n== %s\n' "$*"; }

# Browser tests need Debian's Chromium, its zh-CN locale (chromium-l10n: date fields show
# 2026/11/30 as users see them) and a CJK font (Chinese renders as boxes without one).
ensure_browser() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -f /usr/lib/chromium/locales/zh-CN.pak ] || missing+=(chromium-l10n)
  fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei' || missing+=(fonts-wqy-microhei)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "Installing ${missing[*]} from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || { echo "apt-get install ${missing[*]} failed"; exit 1; }
  else
    echo "The browser tests need: sudo apt-get install ${missing[*]}"
    exit 1
  fi
}

pg_reachable() {
  "$PY" - "$PG_ADMIN_URL" <<'PYEOF' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1], connect_timeout=3).close()
PYEOF
}

# Start an installed but stopped local PostgreSQL (service/systemctl are not available here).
ensure_postgres() {
  pg_reachable && return 0
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    for version in $(ls /etc/postgresql); do
      say "Starting PostgreSQL $version"
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>&1 | tail -n 2
    done
    for _ in $(seq 1 20); do pg_reachable && return 0; sleep 0.5; done
  fi
  return 1
}

ensure_browser
status=0

say "Test suite on SQLite"
"$PY" -m pytest -n "$WORKERS" -q -p no:cacheprovider || status=1

if ensure_postgres; then
  say "Test suite on PostgreSQL ($TEST_PG_URL)"
  TEST_DATABASE_URL="$TEST_PG_URL" "$PY" -m pytest -n "$WORKERS" -q -p no:cacheprovider || status=1
else
  echo
  echo "!!! PostgreSQL is not reachable at $PG_ADMIN_URL and could not be started."
  echo "!!! Only the SQLite run happened. Install PostgreSQL (apt-get install postgresql) to run both."
  if [ "${CI:-}" = "true" ]; then
    echo "!!! CI=true: a run without PostgreSQL is a failure."
    status=1
  fi
fi
exit $status
