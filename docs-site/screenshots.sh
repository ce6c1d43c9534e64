#!/usr/bin/env bash
# Opens every built page in headless Chromium and writes what a reader sees to screenshots/: <page>.png, the first
# 1280x2400 of the page, and, with TILES=1 (needs python3 with Pillow), the whole page cut into 1280x1600 tiles,
# <page>-01.png, <page>-02.png, ... Run after `npm run build`; give page names to shoot only those.
set -euo pipefail
cd "$(dirname "$0")"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome)}"
[ $# -gt 0 ] || rm -rf screenshots
mkdir -p screenshots
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

shoot() { # url file height
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
        --window-size="1280,$3" --screenshot="$2" "$1" >/dev/null 2>&1
}

pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(build/*.html)
for page in "${pages[@]}"; do
    name="$(basename "$page" .html)"
    page="build/$name.html"
    shoot "file://$PWD/$page" "screenshots/$name.png" 2400
    echo "screenshots/$name.png"
    if [ "${TILES:-0}" = 1 ]; then
        shoot "file://$PWD/$page" "screenshots/$name-full.png" 60000
        python3 - "screenshots/$name-full.png" "screenshots/$name" <<'EOF'
import sys
from PIL import Image, ImageOps
Image.MAX_IMAGE_PIXELS = None
full = Image.open(sys.argv[1]).convert('RGB')
width, height = full.size
# where the content ends, right of the table of contents
box = ImageOps.invert(full.crop((420, 0, width, height)).convert('L')).point(lambda v: 255 if v > 10 else 0).getbbox()
end = min(height, box[3] + 40) if box else 1600
for i, top in enumerate(range(0, end, 1600), 1):
    full.crop((0, top, width, min(top + 1600, end))).save('%s-%02d.png' % (sys.argv[2], i))
    print('%s-%02d.png' % (sys.argv[2], i))
EOF
        rm "screenshots/$name-full.png"
    fi
done
