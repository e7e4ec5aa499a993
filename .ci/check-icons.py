#!/usr/bin/env python3
"""The committed icon PNGs are the SVG rendered (run by .ci/check-desktop).

Renders assets/linux/icons/hicolor/scalable/apps/<id>.svg with rsvg-convert at each size, as
assets/linux/render-icons.sh does, and compares the pixels with the committed PNGs (the three
hicolor sizes and assets/icon-256.png). A small tolerance absorbs anti-aliasing differences
between librsvg versions; an edited SVG whose PNGs were not regenerated fails.
Standard library only (zlib); reads 8-bit RGB/RGBA non-interlaced PNGs, which rsvg-convert writes.

    python3 .ci/check-icons.py
"""

import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

APP_ID = "io.github.claimlens.ClaimLens"
ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / f"assets/linux/icons/hicolor/scalable/apps/{APP_ID}.svg"
PNGS = {
    ROOT / f"assets/linux/icons/hicolor/{s}x{s}/apps/{APP_ID}.png": s for s in (48, 128, 256)
}
PNGS[ROOT / "assets/icon-256.png"] = 256
# Per channel difference allowed on a pixel, and share of pixels allowed to exceed it.
CHANNEL_TOLERANCE = 24
MAX_DIFFERING_SHARE = 0.01


def decode_png(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and RGBA rows of an 8-bit RGB or RGBA non-interlaced PNG."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError(f"{path}: no IHDR")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise ValueError(f"{path}: only 8-bit RGB/RGBA non-interlaced PNGs are read (depth {depth}, colour type {colour})")
    bpp = 4 if colour == 6 else 3
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
            elif kind != 0:
                raise ValueError(f"{path}: bad filter {kind} on row {y}")
        prev = line
        if bpp == 3:
            line = bytearray(b"".join(bytes(line[i : i + 3]) + b"\xff" for i in range(0, stride, 3)))
        rows.append(bytes(line))
    return width, height, rows


def main() -> int:
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for png, size in sorted(PNGS.items()):
            name = png.relative_to(ROOT)
            if not png.is_file():
                print(f"error: {name} is missing (run assets/linux/render-icons.sh)", file=sys.stderr)
                failed = True
                continue
            fresh = Path(tmp) / f"{size}.png"
            subprocess.run(
                ["rsvg-convert", f"--width={size}", f"--height={size}", "--format=png", f"--output={fresh}", str(SVG)],
                check=True,
            )
            try:
                w, h, rows = decode_png(png)
            except ValueError as e:
                print(f"error: {e}; run assets/linux/render-icons.sh", file=sys.stderr)
                failed = True
                continue
            _, _, frows = decode_png(fresh)
            if (w, h) != (size, size):
                print(f"error: {name} is {w}x{h}, expected {size}x{size}", file=sys.stderr)
                failed = True
                continue
            differing = 0
            for row, frow in zip(rows, frows):
                for i in range(0, len(row), 4):
                    if max(abs(row[i + k] - frow[i + k]) for k in range(4)) > CHANNEL_TOLERANCE:
                        differing += 1
            share = differing / (w * h)
            if share > MAX_DIFFERING_SHARE:
                print(
                    f"error: {name} differs from the SVG rendered at {size}px in {differing} pixels "
                    f"({share:.1%}); run assets/linux/render-icons.sh and commit the PNGs",
                    file=sys.stderr,
                )
                failed = True
            else:
                print(f"icons: {name} matches the SVG ({differing} pixels differ beyond {CHANNEL_TOLERANCE}/255)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
