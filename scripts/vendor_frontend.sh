#!/usr/bin/env bash
# Refresh the browser libraries of the web workspace from the npm registry, at exact versions.
#
#   scripts/vendor_frontend.sh
#
# The versions are those of src/paradeplan/web/static/vendor/VERSIONS.json, the one place that
# names them: to change one, edit it there (for CodeMirror, the package in its "bundled" list) and
# run this again. The script installs those packages into a temporary folder (npm, no lifecycle
# scripts), copies their built files and licences into static/vendor/<name>-<version>/ and writes
# VERSIONS.json again with what it installed. Re-runnable: it replaces the vendor folder whole.
# The pages and the server read the folders from VERSIONS.json, never a version of their own.
#
# MapLibre GL JS and deck.gl ship ready-built files (an ES module and a UMD bundle). CodeMirror 6
# ships as many small ES modules that import each other by bare name ("@codemirror/state"), which
# a browser cannot resolve without a bundler or a long import map; so this script bundles the
# parts the editor uses into one ES module with esbuild, here at vendoring time only. The app
# itself runs with no build step.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor="$here/src/paradeplan/web/static/vendor"
versions_file="$vendor/VERSIONS.json"
[ -f "$versions_file" ] || { echo "$versions_file is missing: it names the versions to vendor" >&2; exit 1; }

# the pins, read from VERSIONS.json before the vendor folder is replaced
pin() { node -p 'require(process.argv[1])[process.argv[2]].version' "$versions_file" "$1"; }
MAPLIBRE="$(pin maplibre-gl)"
DECK="$(pin deck.gl)"
SWAGGER_UI="$(pin swagger-ui-dist)"  # the back end serves /docs from it
CODEMIRROR="$(pin codemirror)"
ESBUILD="$(node -p 'require(process.argv[1]).codemirror.built_with.replace(/^esbuild /, "")' "$versions_file")"
# CodeMirror: every package the bundle pulls in besides the meta package, pinned exactly
declare -A CM=()
while read -r name version; do
  CM[$name]=$version
done < <(node -e '
  for (const p of require(process.argv[1]).codemirror.bundled) if (p.name !== "codemirror") console.log(p.name, p.version);
' "$versions_file")

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
deps="\"maplibre-gl\": \"$MAPLIBRE\", \"deck.gl\": \"$DECK\", \"swagger-ui-dist\": \"$SWAGGER_UI\", \"esbuild\": \"$ESBUILD\", \"codemirror\": \"$CODEMIRROR\""
for name in "${!CM[@]}"; do deps="$deps, \"$name\": \"${CM[$name]}\""; done
# overrides keep the packages that CodeMirror's packages require of each other at the same pins
cat > package.json <<EOF
{"name": "paradeplan-vendor", "private": true, "dependencies": {$deps}, "overrides": {$(
  first=1; for name in "${!CM[@]}"; do [ $first = 1 ] || printf ', '; first=0; printf '"%s": "%s"' "$name" "${CM[$name]}"; done
)}}
EOF
npm install --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
# esbuild's binary comes in its own platform package; install scripts were skipped, so run it directly
esbuild_bin="$(ls node_modules/@esbuild/*/bin/esbuild | head -n1)"

version_of() { node -p "require('./node_modules/$1/package.json').version"; }

rm -rf "$vendor"
mkdir -p "$vendor"

# MapLibre GL JS: the ES module, its worker (loaded next to it through import.meta.url) and the CSS
ml="$vendor/maplibre-gl-$MAPLIBRE"
mkdir -p "$ml"
cp node_modules/maplibre-gl/dist/{maplibre-gl.mjs,maplibre-gl-worker.mjs,maplibre-gl.css} "$ml/"
cp node_modules/maplibre-gl/LICENSE.txt "$ml/LICENSE.txt"

# deck.gl: the standalone bundle, which sets the global `deck` (layers, core and MapboxOverlay)
dk="$vendor/deck.gl-$DECK"
mkdir -p "$dk"
cp node_modules/deck.gl/dist.min.js "$dk/dist.min.js"
cp node_modules/deck.gl/LICENSE "$dk/LICENSE"

# Swagger UI for the API docs at /docs
sw="$vendor/swagger-ui-dist-$SWAGGER_UI"
mkdir -p "$sw"
cp node_modules/swagger-ui-dist/{swagger-ui-bundle.js,swagger-ui.css,LICENSE} "$sw/"

# CodeMirror 6: one ES module with what web/static/js/editor.js imports
cm="$vendor/codemirror-$CODEMIRROR"
mkdir -p "$cm/licenses"
cat > entry.js <<'EOF'
export { basicSetup, EditorView } from "codemirror";
export { EditorState, Compartment } from "@codemirror/state";
export { keymap } from "@codemirror/view";
export { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
export { tags } from "@lezer/highlight";
export { yaml } from "@codemirror/lang-yaml";
export { linter, lintGutter, setDiagnostics, forceLinting } from "@codemirror/lint";
EOF
"$esbuild_bin" entry.js --bundle --format=esm --minify --legal-comments=none --outfile="$cm/codemirror.js" --log-level=warning

# every package inside the CodeMirror bundle, with its licence and the version npm installed (the pins above)
bundled=$(node -e '
  const fs = require("fs"), path = require("path");
  const seen = new Set(), queue = ["codemirror", "@codemirror/lang-yaml"];
  while (queue.length) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    seen.add(name);
    const pkg = JSON.parse(fs.readFileSync(path.join("node_modules", name, "package.json")));
    queue.push(...Object.keys(pkg.dependencies || {}));
  }
  console.log([...seen].sort().join("\n"));
')
cm_json=""
for name in $bundled; do
  pinned="${CM[$name]:-$CODEMIRROR}"
  [ "$(version_of "$name")" = "$pinned" ] || { echo "$name $(version_of "$name") is in the CodeMirror bundle but not pinned: add it to CM" >&2; exit 1; }
  licence="$(ls node_modules/$name/LICEN[CS]E* 2>/dev/null | head -n1)"
  [ -n "$licence" ] || { echo "no licence file in $name" >&2; exit 1; }
  cp "$licence" "$cm/licenses/$(echo "$name" | tr '/' '_' | tr -d '@').txt"
  licence_id="$(node -p "require('./node_modules/$name/package.json').license")"
  cm_json="$cm_json    {\"name\": \"$name\", \"version\": \"$(version_of "$name")\", \"license\": \"$licence_id\"},
"
done

cat > "$vendor/VERSIONS.json" <<EOF
{
  "maplibre-gl": {"version": "$(version_of maplibre-gl)", "license": "BSD-3-Clause", "folder": "maplibre-gl-$MAPLIBRE",
                  "files": ["maplibre-gl.mjs", "maplibre-gl-worker.mjs", "maplibre-gl.css"]},
  "deck.gl": {"version": "$(version_of deck.gl)", "license": "MIT", "folder": "deck.gl-$DECK", "files": ["dist.min.js"]},
  "swagger-ui-dist": {"version": "$(version_of swagger-ui-dist)", "license": "Apache-2.0", "folder": "swagger-ui-dist-$SWAGGER_UI",
                      "files": ["swagger-ui-bundle.js", "swagger-ui.css"]},
  "codemirror": {"version": "$(version_of codemirror)", "folder": "codemirror-$CODEMIRROR", "files": ["codemirror.js"],
                 "built_with": "esbuild $(version_of esbuild)",
                 "bundled": [
${cm_json%,
}
                 ]}
}
EOF
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1]))' "$vendor/VERSIONS.json"
echo "vendored into $vendor:"
(cd "$vendor" && du -sh -- */ | sed 's/^/  /')
