# Shared by scripts/demo and scripts/test: run as root or through sudo,
# install what is missing from Debian, build and install xent.
set -euo pipefail

XENT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$XENT_ROOT"

# What a fresh Debian 12 lacks: the server, its headers and PGXS, and
# postgresql-common's pg_virtualenv for throwaway clusters.
XENT_PACKAGES=(postgresql-15 postgresql-client-15 postgresql-server-dev-15
	postgresql-common make gcc libc6-dev)

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

install_missing() {
	local missing=() pkg
	for pkg in "${XENT_PACKAGES[@]}" "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$pkg")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "== installing ${missing[*]}"
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
}

# The PostgreSQL 15 tools, whatever else is on PATH.
export PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config

build_install() {
	echo "== building and installing xent"
	make -s PG_CONFIG="$PG_CONFIG"
	as_root make -s install PG_CONFIG="$PG_CONFIG" >/dev/null
}

# Run a command against a throwaway PostgreSQL 15 cluster, removed afterwards
# (-t: in a temporary directory even as root, where it runs as postgres).
with_cluster() {
	pg_virtualenv -t -v 15 "$@"
}

# Copy the source tree into the directory $1 without its build products:
# the files git tracks or would track, as they are in the work tree.
copy_source() {
	local dest=$1 file
	if git -C "$XENT_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$XENT_ROOT" ls-files -z --cached --others --exclude-standard |
			while IFS= read -r -d '' file; do
				# (a tracked file deleted in the work tree is left out)
				[ -e "$XENT_ROOT/$file" ] || continue
				mkdir -p "$dest/$(dirname "$file")"
				cp -p "$XENT_ROOT/$file" "$dest/$file"
			done
	else
		cp -a "$XENT_ROOT/." "$dest"
		make -s -C "$dest" clean PG_CONFIG="$PG_CONFIG" >/dev/null
	fi
}
