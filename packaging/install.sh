#!/bin/sh
# Installs this chainmail release on Debian 12, as root:
#   /opt/chainmail/bin/chainmail (and /usr/local/bin/chainmail), its documentation in
#   /opt/chainmail/share/doc/chainmail, /etc/chainmail/chainmail.yaml (from etc/chainmail.yaml, never
#   overwritten) beside chainmail.example.yaml, the system user chainmail with /var/lib/chainmail
#   (0700), and the systemd unit (not enabled: `systemctl enable --now chainmail` once configured).
# PREFIX=/somewhere installs the program elsewhere (the unit still names /opt/chainmail).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-/opt/chainmail}

[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root" >&2; exit 1; }
missing=""
for package in $(grep -vE '^[[:space:]]*(#|$)' "$here/RUNTIME-PACKAGES"); do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
if [ -n "$missing" ]; then
    echo "install.sh: missing Debian packages:$missing" >&2
    echo "install.sh: apt-get install --no-install-recommends$missing" >&2
    exit 1
fi

install -d -m 0755 "$prefix/bin" "$prefix/share/doc/chainmail"
install -m 0755 "$here/bin/chainmail" "$prefix/bin/chainmail"
cp -R "$here/doc/." "$prefix/share/doc/chainmail/"
ln -sf "$prefix/bin/chainmail" /usr/local/bin/chainmail

getent group chainmail >/dev/null || groupadd --system chainmail
getent passwd chainmail >/dev/null ||
    useradd --system --gid chainmail --home-dir /var/lib/chainmail --no-create-home --shell /usr/sbin/nologin chainmail
install -d -m 0700 -o chainmail -g chainmail /var/lib/chainmail
install -d -m 0750 -o root -g chainmail /etc/chainmail
install -m 0640 -o root -g chainmail "$here/etc/chainmail.example.yaml" /etc/chainmail/chainmail.example.yaml
[ -e /etc/chainmail/chainmail.yaml ] || install -m 0640 -o root -g chainmail "$here/etc/chainmail.yaml" /etc/chainmail/chainmail.yaml
install -d -m 0755 /etc/systemd/system
install -m 0644 "$here/systemd/chainmail.service" /etc/systemd/system/chainmail.service
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi

echo "chainmail $("$prefix/bin/chainmail" --version) installed in $prefix."
echo "Next: edit /etc/chainmail/chainmail.yaml, run 'chainmail config check --config /etc/chainmail/chainmail.yaml',"
echo "then 'systemctl enable --now chainmail'. Guide: $prefix/share/doc/chainmail/operating.md"
