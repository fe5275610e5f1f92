"""The notebook HTML in a real browser: each underline sits under the words it is about.

Two pages are rendered by headless Chromium with the same text and style: the report as
tonecoach renders it, and a reference page where the test itself paints the expected words
(``text[start:end]``) with a green background. The pixels of each category's underline colour
in the first must lie right under the green box of the second.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tonecoach import Config, check
from tonecoach.integrations.html import COLOURS, render

Image = pytest.importorskip("PIL.Image", reason="pillow is part of the test install")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("CI needs Debian's chromium for the screenshot test (.ci/run installs it)",
                pytrace=False)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs chromium: apt-get install chromium")

PAGE_STYLE = ("<style>body{margin:20px;background:#fff}.tc-table{display:none}"
              ".tc-report{font-family:'DejaVu Sans',sans-serif;font-size:20px}</style>")
DRAFT = ("Добрый день! 🙂 Ваш заказ уже в пути.\n"
         "Если что, ты можешь проверить статус в приложении, а в данный момент осуществляется "
         "сборка.")
GREEN = (0, 255, 0)


def screenshot(page: str, out: Path) -> Image.Image:
    html_file = out.with_suffix(".html")
    html_file.write_text(f"<!doctype html><meta charset=utf-8>{PAGE_STYLE}{page}", "utf-8")
    profile = out.parent / f"profile-{out.stem}"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
         f"--user-data-dir={profile}", "--window-size=1400,260", f"--screenshot={out}",
         html_file.as_uri()],
        check=True, capture_output=True, timeout=60)
    return Image.open(out).convert("RGB")


def reference_page(text: str, start: int, end: int) -> str:
    marked = (html.escape(text[:start]) + '<span style="background:#00ff00">'
              + html.escape(text[start:end]) + "</span>" + html.escape(text[end:]))
    # the same containers (and so the same layout) as tonecoach's own page
    return render(check(""))[: render(check("")).index("<div")] + (
        f'<div class="tc-report"><div class="tc-draft">{marked}</div></div>')


def box(img: Image.Image, colour: tuple[int, int, int], tolerance: int) -> tuple[int, ...]:
    pixels = np.asarray(img, dtype=np.int16)
    near = (np.abs(pixels - np.array(colour, dtype=np.int16)) <= tolerance).all(axis=2)
    ys, xs = np.nonzero(near)
    assert xs.size, f"no pixels of colour {colour}"
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def hex_rgb(value: str) -> tuple[int, int, int]:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def test_underlines_sit_under_their_words(tmp_path: Path) -> None:
    report = check(DRAFT, config=Config(emoji="none"))
    if os.environ.get("TONECOACH_SCREENSHOTS"):  # keep the pictures for a human to look at
        tmp_path = Path(os.environ["TONECOACH_SCREENSHOTS"])
        tmp_path.mkdir(parents=True, exist_ok=True)
    spans = [s for s in report.suggestions if s.end > s.start]
    assert {"formality", "brevity", "etiquette"} <= {s.category for s in spans}
    screenshot(render(report), tmp_path / "report.png")  # the whole report, to look at
    for i, s in enumerate(spans):
        # one suggestion at a time, so underlines cannot mix
        alone = report.model_copy(update={"suggestions": [s]})
        shot = screenshot(render(alone), tmp_path / f"{i}-{s.code}.png")
        ref = screenshot(reference_page(DRAFT, s.start, s.end), tmp_path / f"{i}-ref.png")
        gx0, _, gx1, gy1 = box(ref, GREEN, 10)
        ux0, uy0, ux1, uy1 = box(shot, hex_rgb(COLOURS[s.category]), 60)
        words = DRAFT[s.start:s.end]
        where = f"{s.code} {words!r}: underline {ux0},{uy0}..{ux1},{uy1}; words {gx0}..{gx1},{gy1}"
        assert gx0 - 3 <= ux0 and ux1 <= gx1 + 3, where  # not beside the words
        assert (ux1 - ux0) >= 0.8 * (gx1 - gx0), where  # not under a part of them
        assert gy1 - 6 <= uy0 and uy1 <= gy1 + 10, where  # right under, on the same line
