#!/usr/bin/env bash
# Copy the third-party front-end assets that npm installed (node_modules/) into static/vendor/,
# where Django's staticfiles finds them. static/vendor/ is git-ignored: it is rebuilt at set-up.
#
#   static/vendor/govuk/  GOV.UK Frontend: CSS, ES module + UMD bundle, fonts and images
#   static/vendor/moj/    MoJ Frontend:    CSS, ES module + UMD bundle, images
#   static/vendor/axe/    axe-core, used only by the browser tests
#
# The precompiled CSS refers to absolute url(/assets/...), which would 404 under /static/, so those
# are rewritten to relative url(assets/...). The .map files are kept: the manifest storage follows
# the sourceMappingURL comments and collectstatic fails without them.
set -euo pipefail
cd "$(dirname "$0")/.."

NM=node_modules
GOVUK=$NM/govuk-frontend/dist/govuk
MOJ=$NM/@ministryofjustice/frontend/moj
AXE=$NM/axe-core
for d in "$GOVUK" "$MOJ" "$AXE"; do
  [ -d "$d" ] || { echo "vendor_assets: $d is missing; run npm ci first" >&2; exit 1; }
done

# Build in a temporary directory next to the target, then swap, so a failure never leaves half a copy.
mkdir -p static
TMP=$(mktemp -d static/.vendor-tmp.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
chmod 755 "$TMP"
mkdir -p "$TMP/govuk" "$TMP/moj" "$TMP/axe"

cp "$GOVUK"/govuk-frontend.min.{css,css.map,js,js.map} "$GOVUK"/all.bundle.{js,js.map} "$TMP/govuk/"
cp -R "$GOVUK/assets" "$TMP/govuk/"
cp "$NM/govuk-frontend/LICENSE.txt" "$TMP/govuk/" 2>/dev/null || true

cp "$MOJ"/moj-frontend.min.{css,css.map,js,js.map} "$MOJ"/all.bundle.{js,js.map} "$TMP/moj/"
cp -R "$MOJ/assets" "$TMP/moj/"
cp "$NM/@ministryofjustice/frontend/LICENSE.txt" "$TMP/moj/" 2>/dev/null || true

cp "$AXE/axe.min.js" "$AXE/LICENSE" "$TMP/axe/"

# url(/assets/...), url("/assets/...") and url('/assets/...') -> relative to the CSS file.
sed -E -i "s#url\((['\"]?)/assets/#url(\1assets/#g" "$TMP/govuk/govuk-frontend.min.css" "$TMP/moj/moj-frontend.min.css"
if grep -q 'url(["'\'']\?/assets/' "$TMP/govuk/govuk-frontend.min.css" "$TMP/moj/moj-frontend.min.css"; then
  echo "vendor_assets: absolute /assets/ URLs remain after the rewrite" >&2; exit 1
fi

# Record what was copied (read by people, not by code).
node -e '
  const lock = require("./package-lock.json").packages;
  for (const name of ["govuk-frontend", "@ministryofjustice/frontend", "axe-core"])
    console.log(name + " " + lock["node_modules/" + name].version);
' > "$TMP/VERSIONS.txt"

rm -rf static/vendor
mv "$TMP" static/vendor
trap - EXIT
echo "vendor_assets: static/vendor/ filled ($(du -sh static/vendor | cut -f1)): $(tr '\n' ' ' < static/vendor/VERSIONS.txt)"
