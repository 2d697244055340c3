#!/usr/bin/env bash
# `make test-dist`: installs the release tarball (`make dist`) into a fresh Debian 12 root made with
# debootstrap (minbase), with only the runtime packages it documents (RUNTIME-PACKAGES), and runs
# there, as a new operator would: install.sh, `chainmail --version`, `chainmail config check` on the
# installed configuration, `chainmail init` and `signer show` on a data directory, and the replays of
# `make demo` (scripts/demo.sh) on the committed fixtures, compared with their expected.json.
# Needs root (debootstrap, chroot) and Debian's mirror. The bare debootstrap root is cached in
# .build-dist/bookworm-minbase.tar; each run starts again from that tarball.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
[ "$(id -u)" -eq 0 ] || { echo "test-dist: needs root (debootstrap and chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

tarball=$(./scripts/dist.sh | tail -1)
echo "test-dist: release $tarball ($(( $(date +%s) - started )) s)"

cache=.build-dist/bookworm-minbase.tar
if [ ! -e "$cache" ]; then
    rm -rf .build-dist/bootstrap
    debootstrap --variant=minbase bookworm .build-dist/bootstrap "$mirror" > .build-dist/debootstrap.log 2>&1 ||
        { tail -20 .build-dist/debootstrap.log; exit 1; }
    tar -C .build-dist/bootstrap -cf "$cache" .
    rm -rf .build-dist/bootstrap
fi
root=$(pwd)/.build-dist/root
rm -rf "$root"
mkdir -p "$root"
tar -C "$root" -xf "$cache"
echo "test-dist: fresh Debian 12 root in $root ($(( $(date +%s) - started )) s)"

mounted=""
cleanup() { for point in $mounted; do umount -l "$point" 2>/dev/null || true; done; }
trap cleanup EXIT
mount -t proc proc "$root/proc" && mounted="$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
echo "deb $mirror bookworm main" > "$root/etc/apt/sources.list"
packages=$(tar -xzOf "$tarball" --wildcards '*/RUNTIME-PACKAGES' | grep -vE '^[[:space:]]*(#|$)' | tr '\n' ' ')
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root "$@"; }
in_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends $packages > /dev/null
echo "test-dist: runtime packages installed: $packages($(( $(date +%s) - started )) s)"

mkdir -p "$root/tmp/release"
tar -C "$root/tmp/release" -xzf "$tarball"
release_dir=$(basename "$tarball" .tar.gz)
in_root "/tmp/release/$release_dir/install.sh"

echo "test-dist: chainmail --version"
in_root chainmail --version
echo "test-dist: chainmail config check --config /etc/chainmail/chainmail.yaml"
in_root chainmail config check --config /etc/chainmail/chainmail.yaml
echo "test-dist: init and signer show as the chainmail user"
in_root setpriv --reuid=chainmail --regid=chainmail --clear-groups chainmail init --config /etc/chainmail/chainmail.yaml
in_root setpriv --reuid=chainmail --regid=chainmail --clear-groups chainmail signer show --config /etc/chainmail/chainmail.yaml --json
# stat inside the root, so owners are named by the root's own users.
modes=$(in_root sh -c "stat -c '%a %U %n' /var/lib/chainmail /var/lib/chainmail/*")
echo "$modes"
if echo "$modes" | awk '$1 !~ /^[67]00$/' | grep -q .; then
    echo "test-dist: something in the data directory is readable by others" >&2
    exit 1
fi

echo "test-dist: the replays of make demo, inside the root"
mkdir -p "$root/srv/fixtures/testdata"
cp -R testdata/dkim testdata/emails testdata/consent testdata/section5 testdata/evm testdata/bitcoin "$root/srv/fixtures/testdata/"
wrapper=.build-dist/chainmail-in-root
cat > "$wrapper" <<WRAPPER
#!/bin/sh
exec chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root /bin/sh -c 'cd /srv/fixtures && exec chainmail "\$@"' chainmail "\$@"
WRAPPER
chmod +x "$wrapper"
CHAINMAIL="$wrapper" ./scripts/demo.sh

echo "test-dist: passed in $(( $(date +%s) - started )) s"
