#!/usr/bin/env bash
# Runs the portal's web server (nginx, in the foreground) on one origin with the paths the portal
# needs: the built application (portal/dist), the citizen gateway at /rpc, the document node's
# add at /api/v0/add, and its path gateway and key custody at /ipfs/ and /keys/; and each
# agency's key custodian named with --custodian at /agencies/<agency>/keys/, where the citizen
# portal deposits a case's key for the agency the case was filed with (docs/portal.md, "Sharing").
#
#   scripts/portal-server.sh --run-dir DIR [--listen 127.0.0.1:8000] [--gateway 127.0.0.1:9950]
#                            [--docs-api 127.0.0.1:5001] [--docs-gateway 127.0.0.1:8080]
#                            [--custodian AGENCY=HOST:PORT]...
#
# The portal must be built (scripts/lib/common.sh: ensure_portal). See docs/deployment.md for
# production (TLS in front, the same limits).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
listen=127.0.0.1:8000 gateway=127.0.0.1:9950 docs_api=127.0.0.1:5001 docs_gateway=127.0.0.1:8080
run=""
custodians=()
while [ $# -gt 0 ]; do
	case "$1" in
		--listen) listen=$2; shift ;;
		--gateway) gateway=$2; shift ;;
		--docs-api) docs_api=$2; shift ;;
		--docs-gateway) docs_gateway=$2; shift ;;
		--run-dir) run=$2; shift ;;
		--custodian) custodians+=("$2"); shift ;;
		*) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$run" ] || { echo "--run-dir is required" >&2; exit 2; }
[ -f "$root/portal/dist/index.html" ] || { echo "the portal is not built (portal/dist)" >&2; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx is missing" >&2; exit 1; }
mkdir -p "$run"
run="$(cd "$run" && pwd)"
# Run as root (a fresh machine's CI), nginx's workers would drop to `nobody`, who may not read a
# private checkout: keep them as the invoking user.
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"
# One location per agency's custodian (its document node's gateway address, where /keys/ is).
: >"$run/custodians.conf"
for custodian in "${custodians[@]}"; do
	agency=${custodian%%=*} address=${custodian#*=}
	[[ "$agency" =~ ^[0-9]+$ && "$address" =~ ^[A-Za-z0-9.:-]+$ && "$custodian" == *=* ]] \
		|| { echo "--custodian takes AGENCY=HOST:PORT, not $custodian" >&2; exit 2; }
	cat >>"$run/custodians.conf" <<CONF
location /agencies/$agency/keys/ {
    limit_req zone=requests burst=30;
    client_max_body_size 1m;
    proxy_pass http://$address/keys/;
}
CONF
done
sed -e "s|@RUN@|$run|g" -e "s|@USER@|$user_line|" -e "s|@LISTEN@|$listen|" \
	-e "s|@DIST@|$root/portal/dist|" -e "s|@GATEWAY@|$gateway|" -e "s|@DOCS_API@|$docs_api|" \
	-e "s|@DOCS_GATEWAY@|$docs_gateway|g" "$root/portal/server/nginx.conf" >"$run/nginx.conf"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
exec "$nginx_bin" -p "$run" -c "$run/nginx.conf" -e "$run/error.log"
