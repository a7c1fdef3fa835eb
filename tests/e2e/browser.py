"""Headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright, never downloaded.

Each test gets a fresh profile (``--user-data-dir``) and a page whose console
messages, requests and responses are recorded, so tests can assert that the
page logs no error, that nothing leaves 127.0.0.1, and what every response
carried.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("CAMREG_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=vi-VN",
]


def require_chromium() -> None:
    """Skip (locally) or fail (CI) when Chromium or Playwright is missing."""
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    try:
        import playwright  # noqa: F401, PLC0415
    except ImportError:
        missing.append("the Python package playwright (pip install -e '.[dev]')")
    if missing:
        reason = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@dataclass
class Recorder:
    """Everything a page did on the network and in its console."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    responses: list[Any] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requests to anything but 127.0.0.1 (data: and blob: URLs never leave the page)."""
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue
            if parts.hostname != "127.0.0.1":
                out.append(url)
        return out

    def bodies(self) -> Iterator[tuple[str, bytes]]:
        """``(url, body)`` of every response that had one."""
        for response in self.responses:
            if response.status in (204, 301, 302, 304):
                continue
            try:
                yield response.url, response.body()
            except Exception:  # noqa: BLE001 — a body evicted by the browser is reported
                yield response.url, b"<body unavailable>"


@contextmanager
def chromium_page(
    screenshot: Path, size: tuple[int, int] = (1024, 640)
) -> Iterator[tuple[Any, Recorder]]:
    """A recorded page in a fresh Chromium profile; a screenshot is saved at the end.

    Pages are smaller than a desk screen by default: Chromium draws WebGL in
    software here, and fewer pixels keep the tests quick on two cores.
    """
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    profile = tempfile.mkdtemp(prefix="camreg-chromium-")
    recorder = Recorder()
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                args=ARGS,
                headless=True,
                viewport={"width": size[0], "height": size[1]},
                locale="vi-VN",
                timezone_id="Asia/Ho_Chi_Minh",
            )
            context.on("request", lambda r: recorder.requests.append(r.url))
            context.on("response", lambda r: recorder.responses.append(r))
            page = context.new_page()
            page.on("console", lambda m: _console(recorder, m))
            page.on("pageerror", lambda e: recorder.page_errors.append(str(e)))
            try:
                yield page, recorder
            finally:
                page.screenshot(path=str(screenshot))
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _console(recorder: Recorder, message: Any) -> None:
    if message.type == "error":
        recorder.console_errors.append(message.text)
