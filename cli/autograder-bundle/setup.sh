#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (its Ubuntu base
# image, with this bundle unzipped in /autograder/source): it installs Node 20 and examcheck.
# Written by `examcheck autograder`. AUTOGRADER_ROOT (default /autograder) lets it be tried elsewhere.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
source="$root/source"

# Node 20: the official Linux build of the newest 20.x from nodejs.org, checked against that
# release's SHASUMS256.txt (Ubuntu's own nodejs package is older than 20); skipped where Node 20 is
# already installed
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)" != 20 ]; then
  if ! command -v curl > /dev/null; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y curl ca-certificates
  fi
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) echo "setup.sh: no Node 20 build for $(uname -m)" >&2; exit 1 ;;
  esac
  work=$(mktemp -d)
  (
    cd "$work"
    base=https://nodejs.org/dist/latest-v20.x
    curl -fsSLO "$base/SHASUMS256.txt"
    tarball=$(grep -o "node-v20\.[0-9.]*-linux-$arch\.tar\.gz" SHASUMS256.txt | head -n 1)
    curl -fsSLO "$base/$tarball"
    grep "  $tarball\$" SHASUMS256.txt | sha256sum -c -
    tar -xzf "$tarball" -C /usr/local --strip-components=1 --no-same-owner
  )
  rm -rf "$work"
fi
node --version

# examcheck: the copy packed into this bundle (npm pack of the checkout that wrote it: its claims
# and exam files as they were then), its dependencies at the versions of that checkout's
# package-lock.json, without the development ones
rm -rf "$root/examcheck"
mkdir -p "$root/examcheck"
tar -xzf "$source/examcheck.tgz" -C "$root/examcheck" --strip-components=1 --no-same-owner
cp "$source/package-lock.json" "$root/examcheck/"
(cd "$root/examcheck" && npm ci --omit=dev --no-audit --no-fund)
# examcheck loads every claim file when it starts: one that no longer loads fails the build here,
# not every student's submission
node "$root/examcheck/bin/examcheck.js" list > /dev/null
echo "setup.sh: examcheck installed in $root/examcheck"
