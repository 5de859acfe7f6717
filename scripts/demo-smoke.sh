#!/usr/bin/env bash
# Starts the demo with the README's first command, as a new user would (`mvn -Pdemo package`;
# here with -DskipTests, since CI has just run them), waits for the simulator's own start-up line
# ("Notion simulator ready: open <url>") and for Payara Micro to say it is ready (every WAR
# deployed), and checks that the URL serves the simulator's page. Stops the demo either way.
# (PreviewBridge's own start-up report also names the simulator, but it is printed while the
# simulator's WAR is still being deployed: a request then can meet a 404.)
# Issue 5: "The README's first command, started as a new user would, serves the simulator; its
# URL is printed in the log."
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
log=target/demo-smoke.log
page=target/demo-smoke-simulator.html

setsid mvn -B -ntp -Pdemo package -DskipTests "$@" >"$log" 2>&1 &
demo=$!
stop() {
  kill -TERM -- "-$demo" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 "$demo" 2>/dev/null || return 0
    sleep 1
  done
  kill -KILL -- "-$demo" 2>/dev/null || true
}
trap stop EXIT

url=""
ready=""
for _ in $(seq 1 900); do
  url=$(grep -o 'Notion simulator ready: open http[^ ]*' "$log" 2>/dev/null | head -n 1 \
    | sed 's/^Notion simulator ready: open //; s:/$::' || true)
  ready=$(grep -o 'Payara Micro [^ ]* (build [0-9]*) ready in' "$log" 2>/dev/null | head -n 1 || true)
  [ -n "$url" ] && [ -n "$ready" ] && break
  if ! kill -0 "$demo" 2>/dev/null; then
    echo "demo-smoke: the demo stopped before printing the simulator's URL; end of $log:" >&2
    tail -n 80 "$log" >&2
    exit 1
  fi
  sleep 1
done
if [ -z "$url" ] || [ -z "$ready" ]; then
  echo "demo-smoke: no simulator URL, or no 'ready in', in the log within 15 minutes; end of $log:" >&2
  tail -n 80 "$log" >&2
  exit 1
fi
echo "demo-smoke: the log says the simulator is at $url, and Payara Micro is ready"

status=$(curl -sL -o "$page" -w '%{http_code}' --max-time 30 "$url/" || echo "no answer")
if [ "$status" != "200" ] || ! grep -q "Notion simulator" "$page"; then
  echo "demo-smoke: $url/ answered $status, not the simulator's page; end of $log:" >&2
  tail -n 80 "$log" >&2
  exit 1
fi
echo "demo-smoke: $url/ serves the simulator (page saved to $page)"
