#!/usr/bin/env bash
# `make dist`: the release tarball .build-dist/chainmail-VERSION-linux-ARCH.tar.gz (and its .sha256):
#   bin/chainmail           release build, the Swift runtime linked in (--static-swift-stdlib)
#   etc/chainmail.yaml      a production starting point; etc/chainmail.example.yaml, every setting
#   systemd/chainmail.service
#   doc/                    operating.md, dns.md, PROTOCOL.md, DESIGN.md, email-rules.md, openapi.yaml, README.md
#   RUNTIME-PACKAGES        the Debian packages it needs at run time
#   install.sh              installs all of it (see docs/operating.md)
# Prints the tarball's path as its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
swift=${SWIFT:-swift}

$swift build -c release --static-swift-stdlib --product chainmail >&2
binary=.build/release/chainmail
version=$("$binary" --version | awk '{ print $NF }')
arch=$(uname -m)
name="chainmail-$version-linux-$arch"
stage=".build-dist/$name"
rm -rf "$stage" ".build-dist/$name.tar.gz"
install -d "$stage/bin" "$stage/etc" "$stage/systemd" "$stage/doc"
install -m 0755 "$binary" "$stage/bin/chainmail"
strip "$stage/bin/chainmail"
install -m 0644 packaging/chainmail.yaml "$stage/etc/chainmail.yaml"
install -m 0644 config/chainmail.example.yaml "$stage/etc/chainmail.example.yaml"
install -m 0644 packaging/chainmail.service "$stage/systemd/chainmail.service"
install -m 0644 packaging/runtime-packages.txt "$stage/RUNTIME-PACKAGES"
install -m 0755 packaging/install.sh "$stage/install.sh"
for doc in docs/operating.md docs/dns.md docs/PROTOCOL.md docs/DESIGN.md docs/email-rules.md openapi.yaml README.md; do
    [ -e "$doc" ] && install -m 0644 "$doc" "$stage/doc/"
done

# Nothing outside the runtime packages and glibc may be linked (no /opt/swift).
if ldd "$stage/bin/chainmail" | grep -E 'not found|/opt/swift' >&2; then
    echo "dist: the binary links libraries the release does not ship" >&2
    exit 1
fi
tar -C .build-dist --owner=0 --group=0 --sort=name -czf ".build-dist/$name.tar.gz" "$name"
(cd .build-dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "dist: $(du -h ".build-dist/$name.tar.gz" | cut -f1) .build-dist/$name.tar.gz" >&2
echo ".build-dist/$name.tar.gz"
