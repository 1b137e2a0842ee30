#!/usr/bin/env python
"""Screenshots of the web page for the README: the article view and a speaker page.

    .venv/bin/python scripts/screenshots.py            # examples/article.txt, the project's own example
    .venv/bin/python scripts/screenshots.py ../shared/seed/article.txt --speaker "Dmitry Medvedev" --out /tmp/shots

The committed screenshots show only the project's own example article: third-party article text (the
seed, PolNeAR) stays out of the repository, pictures of it included.

Extracts the article, stores it in a temporary SQLite file, serves the page on a free 127.0.0.1
port and photographs it with headless Chromium (Debian's ``chromium`` at /usr/bin/chromium, driven by
Playwright; no browser is downloaded). Writes ``article.png`` and ``speaker.png``.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

EXAMPLE = REPO / "examples" / "article.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def serve(db_path: Path):
    """Start the page (with the API when it exists) on a free port; return (base URL, server)."""
    import uvicorn

    try:
        from onrecord.api import create_app

        app = create_app(str(db_path), read_only=True)
    except ImportError:
        from fastapi import FastAPI

        from onrecord.store import open_store
        from onrecord.web import mount

        app = FastAPI()
        mount(app, open_store(db_path))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("article", nargs="?", type=Path, default=EXAMPLE)
    parser.add_argument("--speaker", help="whose page to photograph (default: the most quoted named speaker)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from onrecord.ingest import load_article
    from onrecord.pipeline import Extractor
    from onrecord.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "screens.db"
        store = open_store(db)
        record = Extractor().process(load_article(args.article))
        store.add_record(record)
        speaker = args.speaker
        if speaker is None:
            _, speakers = store.list_speakers(limit=50)
            if not speakers:
                parser.error(f"the extractor found no named speaker in {args.article}")
            speaker = speakers[0]["id"]  # most quoted first
        profile = store.get_speaker(speaker)
        if profile is None:
            parser.error(f"no speaker {speaker!r} in {args.article}")
        store.close()

        base, server = serve(db)
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height}, device_scale_factor=1)
            page.goto(f"{base}/articles/{record.article.id}")
            # show the detail panel as a reader would see it: one statement of the speaker pinned
            marks = page.locator("mark.st")
            visible = [m for m in marks.all()[:12] if m.bounding_box() and m.bounding_box()["y"] < args.height - 80]
            if visible:
                (visible[1] if len(visible) > 1 else visible[0]).click()
            page.mouse.move(0, 0)
            page.screenshot(path=str(args.out / "article.png"))
            page.goto(f"{base}/speakers/{profile['id']}")
            page.screenshot(path=str(args.out / "speaker.png"), full_page=True)
            browser.close()
        server.should_exit = True
    for name in ("article.png", "speaker.png"):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
