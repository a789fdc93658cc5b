"""The paper as PDF (optional): weasyprint when importable, else headless Chromium, else a clear error."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from virality.paper import PaperError


def html_to_pdf(html_path: str | Path, pdf_path: str | Path) -> str:
    """Write a PDF of the HTML page with weasyprint, or headless Chromium when weasyprint is missing.

    Returns the tool used; raises :class:`PaperError` with what to install when neither is available.
    """
    html_path, pdf_path = Path(html_path), Path(pdf_path)
    try:
        import weasyprint  # noqa: PLC0415 (optional, never pinned)

        weasyprint.HTML(filename=str(html_path)).write_pdf(str(pdf_path))
        return "weasyprint"
    except ImportError:
        pass
    browser = next(
        (
            shutil.which(b)
            for b in ("chromium", "chromium-browser", "google-chrome")
            if shutil.which(b)
        ),
        None,
    )
    if browser is None:
        raise PaperError(
            f"{pdf_path}: no PDF maker found: install weasyprint (pip install weasyprint) or chromium "
            "(apt-get install chromium). The HTML paper is the default output and does not need either."
        )
    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf_path.resolve()}",
        html_path.resolve().as_uri(),
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if res.returncode != 0 or not pdf_path.exists():
        raise PaperError(f"{pdf_path}: chromium failed ({res.returncode}): {res.stderr[-500:]}")
    print(f"PDF written with {browser}", file=sys.stderr)
    return "chromium"
