#!/usr/bin/env bash
# Installs what the browser tests drive: Debian's headless Chromium and its ChromeDriver
# (packages chromium and chromium-driver, /usr/bin/chromium and /usr/bin/chromedriver).
# Run by `mvn verify` before the in-container tests (pom.xml, exec-maven-plugin) and by .ci/run.
# Does nothing when both are there. Without apt-get, or without root or password-less sudo, it
# says what to install and exits 0: the browser tests then fail with the same advice.
set -euo pipefail

chromium="${PREVIEWBRIDGE_CHROMIUM:-/usr/bin/chromium}"
driver="${PREVIEWBRIDGE_CHROMEDRIVER:-/usr/bin/chromedriver}"
if [[ -x "$chromium" && -x "$driver" ]]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; install Chromium and a matching ChromeDriver and set" \
       "PREVIEWBRIDGE_CHROMIUM and PREVIEWBRIDGE_CHROMEDRIVER for the browser tests" >&2
  exit 0
fi
if [[ "$(id -u)" -eq 0 ]]; then
  sudo=()
elif sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "install-chromium: run 'sudo apt-get install chromium chromium-driver' for the browser tests" >&2
  exit 0
fi

echo "install-chromium: installing Debian's chromium and chromium-driver"
export DEBIAN_FRONTEND=noninteractive
# the package lists may be stale on a fresh machine: refresh once, then install
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
"$chromium" --version
"$driver" --version
