"""The README stays a front door: small enough to read in ten minutes, and every link in it
(and in docs/) leads somewhere in the repository.

Relative links only: ``http(s):``/``mailto:`` targets are not fetched.  A link's ``#anchor`` is
checked against the target file's headings, slugged as GitHub slugs them (lower case, punctuation
dropped, spaces to hyphens, ``-1``, ``-2`` … for repeats); an anchor on a non-Markdown target or a
directory is not checked.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
README_LIMIT = 12 * 1024  # bytes

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
REFERENCE_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
HTML_LINK = re.compile(r"<(?:a|img)\s[^>]*?(?:href|src)=\"([^\"]+)\"", re.IGNORECASE)
HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)

MARKDOWN_FILES = [ROOT / "README.md", ROOT / "BENCHMARKS.md", *sorted((ROOT / "docs").glob("*.md"))]


def _prose(text: str) -> str:
    """The text without fenced code blocks and code spans, where brackets are not links."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def links(text: str) -> list[str]:
    """Every link target written in a Markdown text, in order."""
    prose = _prose(text)
    found = [*INLINE_LINK.findall(prose), *REFERENCE_DEF.findall(prose)]
    return found + HTML_LINK.findall(prose)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading's text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def anchors(markdown: Path) -> set[str]:
    """The anchors a Markdown file's headings give, repeats numbered as GitHub numbers them."""
    seen: Counter[str] = Counter()
    result = set()
    for heading in HEADING.findall(FENCE.sub("", markdown.read_text(encoding="utf-8"))):
        base = slug(heading)
        result.add(base if seen[base] == 0 else f"{base}-{seen[base]}")
        seen[base] += 1
    return result


def broken(source: Path, target: str) -> str | None:
    """Why a relative link from ``source`` does not resolve, or None when it does."""
    path_part, _, fragment = target.partition("#")
    path_part = unquote(path_part)
    resolved = (source.parent / path_part).resolve() if path_part else source
    if not resolved.is_relative_to(ROOT):
        return "points outside the repository"
    if not resolved.exists():
        return "no such file or directory"
    if fragment and resolved.is_file() and resolved.suffix == ".md":
        if unquote(fragment).lower() not in anchors(resolved):
            return f"no heading gives #{fragment} in {resolved.relative_to(ROOT)}"
    return None


def test_readme_is_under_12_kb():
    size = (ROOT / "README.md").stat().st_size
    assert size < README_LIMIT, f"README.md is {size:,} bytes; the front door stays under 12 KB"


@pytest.mark.parametrize("markdown", MARKDOWN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(markdown: Path):
    targets = [t for t in links(markdown.read_text(encoding="utf-8")) if not EXTERNAL.match(t)]
    problems = [f"{t}: {why}" for t in targets if (why := broken(markdown, t)) is not None]
    assert problems == [], f"broken links in {markdown.relative_to(ROOT)}: {problems}"


def test_the_link_check_sees_a_broken_link():
    page = ROOT / "docs" / "probe.md"  # never written: broken() only reads the tree
    text = "[ok](../README.md) [image](map.png) [gone](missing.md) `[code](nope.md)`\n"
    targets = links(text)
    assert targets == ["../README.md", "map.png", "missing.md"]
    assert [broken(page, t) for t in targets] == [None, None, "no such file or directory"]
    assert broken(page, "../README.md#no-such-heading") is not None
    assert broken(page, "../../etc/passwd") == "points outside the repository"


def test_slugs_follow_github():
    assert slug("Coverage when boundaries are partial") == "coverage-when-boundaries-are-partial"
    assert slug("Import (issue 3): `camreg import cameras` vs `ogr2ogr`") == (
        "import-issue-3-camreg-import-cameras-vs-ogr2ogr"
    )
    assert slug("Đăng ký camera / Camera registration") == "đăng-ký-camera--camera-registration"
