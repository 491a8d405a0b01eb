#!/usr/bin/env bash
# The whole test suite on a fresh Debian/Ubuntu machine: system packages for the integration tests (a real dockerd,
# iptables, busybox, docker-compose, systemd-analyze, ansible), the npm dependencies, then `npm test`.
# As root the integration tests are required to run; otherwise they are skipped and say why.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(iptables nftables iproute2 docker.io containerd busybox-static docker-compose systemd ansible-core util-linux prometheus prometheus-node-exporter chromium)

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # docker.io's postinst may try to start dockerd in the host namespace; policy-rc.d stops that, so the tests'
    # daemons (each in its own network namespace) are the only ones that ever run.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    rm -f /usr/sbin/policy-rc.d
  fi
  export DOCKDOC_REQUIRE_INTEGRATION=1
fi

[ -d node_modules ] || npm ci
# test/standalone runs the single executable: build it when it is not there (CI builds it afresh, .ci/run).
[ -x dist-standalone/dockdoc-linux-x64 ] || npm run build:standalone
npm test
