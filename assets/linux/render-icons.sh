#!/usr/bin/env bash
# Render every icon PNG from the one SVG:
#   assets/linux/icons/hicolor/scalable/apps/io.github.claimlens.ClaimLens.svg
# into assets/linux/icons/hicolor/{48x48,128x128,256x256}/apps/ and assets/icon-256.png (the
# window icon, embedded by src/ui/mod.rs). Run it after editing the SVG and commit the PNGs;
# .ci/check-desktop fails when they no longer match the SVG.
# Needs rsvg-convert (Debian: apt-get install librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/../.."

id=io.github.claimlens.ClaimLens
svg=assets/linux/icons/hicolor/scalable/apps/$id.svg
command -v rsvg-convert >/dev/null || { echo "render-icons: rsvg-convert missing (apt-get install librsvg2-bin)" >&2; exit 1; }
for size in 48 128 256; do
  out=assets/linux/icons/hicolor/${size}x${size}/apps/$id.png
  mkdir -p "$(dirname "$out")"
  rsvg-convert --width="$size" --height="$size" --format=png --output="$out" "$svg"
  echo "render-icons: $out"
done
cp "assets/linux/icons/hicolor/256x256/apps/$id.png" assets/icon-256.png
echo "render-icons: assets/icon-256.png"
