#!/usr/bin/env bash
# Copies the WebGL renderer of the offline view (sigma.js) and its graph model (graphology) from
# their npm packages, at the versions pinned in package.json and package-lock.json, into
# kg/export/assets (or into the folder given as the first argument), with their licences and a
# MANIFEST.json of versions and SHA-256 sums. The files are the packages' own minified UMD
# builds, unchanged: tests/test_viz.py checks the shipped ones against this manifest, and (slow)
# runs this script into a temporary folder and compares the files byte for byte.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mkdir -p "${1:-$here/../../kg/export/assets}" && cd "${1:-$here/../../kg/export/assets}" && pwd)"
npm ci --prefix "$here" --no-audit --no-fund --silent
nm="$here/node_modules"
cp "$nm/sigma/dist/sigma.min.js" "$out/sigma.min.js"
cp "$nm/graphology/dist/graphology.umd.min.js" "$out/graphology.umd.min.js"
# sigma's build bundles events and graphology-utils: their licences go along too
for pkg in sigma graphology events graphology-utils; do
  cp "$(ls "$nm/$pkg"/LICENSE* | head -n 1)" "$out/LICENSE-$pkg.txt"
done
node - "$nm" "$out" <<'JS'
const fs = require("fs"), path = require("path"), crypto = require("crypto");
const [nm, out] = process.argv.slice(2);
const version = (pkg) => JSON.parse(fs.readFileSync(path.join(nm, pkg, "package.json"))).version;
const sha = (file) => crypto.createHash("sha256").update(fs.readFileSync(path.join(out, file))).digest("hex");
const files = { "sigma.min.js": ["sigma", ["events", "graphology-utils"]], "graphology.umd.min.js": ["graphology", []] };
const manifest = Object.fromEntries(Object.entries(files).map(([file, [pkg, bundled]]) => [file, {
  package: pkg, version: version(pkg), sha256: sha(file), licence: `LICENSE-${pkg}.txt`,
  bundled: Object.fromEntries(bundled.map((b) => [b, version(b)])),
}]));
fs.writeFileSync(path.join(out, "MANIFEST.json"), JSON.stringify(manifest, null, 2) + "\n");
JS
