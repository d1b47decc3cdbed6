#!/usr/bin/env bash
# Makes the app's fonts from Debian's font packages (fonts-noto-core, fonts-droid-fallback):
#   latin.ttf  Noto Sans, Latin + punctuation (embedded in the wasm, ~17 KB gzip)
#   cjk.ttf    Droid Sans Fallback, the 6,763 GB2312 hanzi + CJK punctuation (fetched only when
#              Chinese text appears, ~540 KB gzip)
# Usage: subset.sh OUT_DIR
set -euo pipefail
out="$1"
mkdir -p "$out"
latin_src=/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf
cjk_src=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
# Keep in step with kLatinRanges in src/app/fonts.cpp.
latin_unicodes="U+0020-017F,U+2010-2027,U+2030-203A,U+20AC"

# Debian's fonttools lives with Debian's python, whatever python3 comes first on PATH.
/usr/bin/python3 -m fontTools.subset "$latin_src" --unicodes="$latin_unicodes" --no-hinting \
  --layout-features='kern,liga' --output-file="$out/latin.ttf"

gb2312_list="$(mktemp "$out/gb2312.XXXXXX.txt")"  # private to this run, should two ever overlap
/usr/bin/python3 - "$gb2312_list" <<'PY'
import sys
codes = set()
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            codes.add(ord(bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
codes.update(range(0x3000, 0x3040))   # CJK punctuation
codes.update(range(0xFF01, 0xFF5F))   # full-width forms
open(sys.argv[1], "w").write(",".join("U+%04X" % c for c in sorted(codes)))
PY
/usr/bin/python3 -m fontTools.subset "$cjk_src" --unicodes-file="$gb2312_list" --no-hinting \
  --output-file="$out/cjk.ttf"
rm -f "$gb2312_list"
