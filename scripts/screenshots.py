"""Screenshot pages in Debian's Chromium at desktop and phone width, for looking at them.

usage: .venv/bin/python scripts/screenshots.py BASE_URL EMAIL PASSWORD OUTDIR PATH [PATH ...]
Signs in first when EMAIL is not "-". Writes OUTDIR/<name>-desktop.png and -phone.png.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def main(base: str, email: str, password: str, outdir: str, *paths: str) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for size_name, viewport in SIZES.items():
            page = browser.new_page(viewport=viewport, locale="zh-CN")
            if email != "-":
                page.goto(f"{base}/login")
                page.fill("input[name=email]", email)
                page.fill("input[name=password]", password)
                page.click("button[type=submit], input[type=submit]")
            for path in paths:
                page.goto(base + path)
                name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
                page.screenshot(path=str(out / f"{name}-{size_name}.png"), full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
