"""Shared fixtures: documents cut from the seed articles in corpora/seeds."""

from __future__ import annotations

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _paragraphs() -> list[str]:
    out = []
    for path in sorted((ROOT / "corpora" / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [p.strip() for p in text.split("\n") if len(p.split()) >= 5]
    return out


@pytest.fixture(scope="session")
def paragraphs() -> list[str]:
    ps = _paragraphs()
    assert len(ps) >= 20
    return ps


@pytest.fixture(scope="session")
def documents(paragraphs) -> list[dict]:
    """300 documents: runs of 1 to 4 paragraphs, a few of them with glued words."""
    docs = []
    for i in range(300):
        k = 1 + i % 4
        start = (i * 7) % len(paragraphs)
        text = "\n\n".join(paragraphs[(start + j) % len(paragraphs)] for j in range(k))
        if i % 5 == 0:
            text = text.replace(" that ", " thatIf ", 1)
        docs.append({"id": f"doc-{i:03d}", "text": text})
    return docs
