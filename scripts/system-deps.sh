#!/usr/bin/env bash
# Debian packages the test suite and the demo need, installed only where missing.
# One line per package: the package and a file that proves it is installed.
set -euo pipefail
missing=()
need() {  # need PACKAGE PROOF_GLOB
  compgen -G "$2" >/dev/null || missing+=("$1")
}
need postgresql '/usr/lib/postgresql/*/bin/initdb'   # tests start a private cluster
need curl /usr/bin/curl                               # scripts/schedule.sh (Scrapyd tests)
need chromium /usr/bin/chromium                       # the browser path: JS listings, challenges
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
