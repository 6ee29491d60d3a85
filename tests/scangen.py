"""Scans whose truth is known: a text-layer PDF rasterised the way a scanner would see it.

Each page is rendered, made grey, turned by a small angle (≤ 1°), given sensor noise and
saved as a JPEG inside an image-only PDF (no text layer at all), so OCR must read it and
the original's text layer says what it should read.

    .venv/bin/python tests/scangen.py SRC.pdf OUT.pdf [--dpi 150] [--seed 1]

The committed fixtures under tests/scans/ were made with this (see tests/scans/README.md);
``build_spec/make_samples.py`` uses it for the bundled scanned sample.
"""

from __future__ import annotations

import argparse
import io
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

GENERATOR_VERSION = 1


# What befalls a page before it is scanned: (0-based page number, clean page) -> page.
Edit = Callable[[int, Image.Image], Image.Image]


def scan_pages(
    src: Path, dpi: float = 150, seed: int = 1, max_angle: float = 1.0, noise: float = 6.0,
    edit: Edit | None = None,
) -> list[Image.Image]:
    """The pages of ``src`` as greyscale 'scans': turned, noisy, at ``dpi`` (each page
    first changed by ``edit``, if given: a table's rules erased, a value moved)."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(str(src))
    out = []
    try:
        for i in range(len(pdf)):
            image = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            if edit is not None:
                image = edit(i, image)
            angle = rng.uniform(-max_angle, max_angle)
            image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
            arr = np.asarray(image, dtype=np.float32)
            arr = arr * 0.92 + 10 + nrng.normal(0.0, noise, arr.shape)  # grey paper, sensor noise
            out.append(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode="L"))
    finally:
        pdf.close()
    return out


def save_scan(
    src: Path, out: Path, dpi: float = 150, seed: int = 1, quality: int = 60, noise: float = 6.0,
    edit: Edit | None = None,
) -> None:
    pages = scan_pages(src, dpi, seed, noise=noise, edit=edit)
    # Pillow writes each L-mode page as a DCT (JPEG) image; re-encode first to set quality.
    jpegs = []
    for page in pages:
        buf = io.BytesIO()
        page.save(buf, "JPEG", quality=quality)
        jpegs.append(Image.open(io.BytesIO(buf.getvalue())))
    out.parent.mkdir(parents=True, exist_ok=True)
    jpegs[0].save(out, "PDF", save_all=True, append_images=jpegs[1:], resolution=dpi)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("src", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--dpi", type=float, default=150)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quality", type=int, default=60)
    a = p.parse_args()
    save_scan(a.src, a.out, a.dpi, a.seed, a.quality)
    print(f"{a.out}: {a.out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
