#!/usr/bin/env bash
# Installs what chainmail needs on a fresh Debian 12 machine: system libraries and the
# independent Python peers the tests use. Safe to run again; it skips what is there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

mapfile -t packages < <(grep -vE '^\s*(#|$)' "$here/system-packages.txt")
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python3 -m pip install --quiet --disable-pip-version-check -r "$here/python-requirements.txt" 2>&1 \
    | grep -v "Running pip as the 'root' user" || true
