"""The Python API over the real engine: check, score_batch, annotate, pickling, bad input."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pyarrow as pa
import pytest

import mtlint
from mtlint import _mtlint

TEXT = "He said thatIf no progress is made, talks end. Café 😀 thatIf it rains."


def test_check_spans_are_python_string_indices():
    report = mtlint.Linter().check(TEXT)
    assert report.verdict in {"clean", "suspect", "likely-mt", "too-short", "unsupported"}
    assert report.language == "en"
    assert report.score == report.mt and 0.0 < report.mt < 1.0
    glued = [f for f in report.findings if f.rule == "run-together-words"]
    assert len(glued) == 2
    # The second one is after an accented letter and an emoji: code points, not bytes.
    assert [TEXT[f.start : f.end] for f in glued] == ["thatIf", "thatIf"]
    assert all(f.code == "MT101" and f.category == "artifact" for f in glued)
    assert report.flags == ["damaged-text"]
    assert report.artifacts["artifact"] == 2 and report.counts["MT101"] == 2
    d = report.to_dict()
    assert d["score"] == report.mt and d["findings"][0]["code"] == "MT101"


def test_the_converter():
    text = "aé€😀b"
    offsets = [0, 1, 3, 6, 10, 11]
    assert _mtlint._char_indices(text, offsets) == [0, 1, 2, 3, 4, 5]


def test_select_ignore_and_errors():
    assert mtlint.Linter(select=["MT101"]).rules == ["MT101"]
    assert "MT101" not in mtlint.Linter(ignore="run-together-words").rules
    with pytest.raises(ValueError):
        mtlint.Linter(select=["no-such-rule"])
    with pytest.raises(ValueError):
        mtlint.Linter(weights="/no/such/model.toml")
    with pytest.raises(TypeError):
        mtlint.Linter().check(None)


def test_config_file(tmp_path):
    cfg = tmp_path / "mtlint.toml"
    cfg.write_text('ignore = ["MT101"]\n')
    linter = mtlint.Linter(config=cfg)
    assert "MT101" not in linter.rules
    assert not [f for f in linter.check(TEXT).findings if f.code == "MT101"]
    again = pickle.loads(pickle.dumps(linter))
    assert again.rules == linter.rules


def test_pickling_round_trip(documents):
    linter = mtlint.Linter(select=None, ignore=["typography"], threads=2)
    again = pickle.loads(pickle.dumps(linter))
    assert repr(again) == repr(linter)
    assert again.rules == linter.rules and again.threads == 2
    texts = [d["text"] for d in documents[:20]]
    np.testing.assert_array_equal(linter.score_batch(texts), again.score_batch(texts))


def test_bad_entries_give_entry_level_results(paragraphs):
    good = "\n\n".join(paragraphs[:3])
    huge = (good + "\n\n") * 400  # about 1 MB
    batch = [good, None, "", "   ", 42, b"bytes", "\ud800 lone surrogate " + good, huge, good]
    scores = mtlint.Linter(threads=2).score_batch(batch)
    assert scores.dtype == np.float32 and scores.shape == (len(batch),)
    assert not math.isnan(scores[0]) and scores[0] == scores[-1]
    assert all(math.isnan(s) for s in scores[1:6])
    assert not math.isnan(scores[6]) and not math.isnan(scores[7])
    # One at a time gives the same as in a batch; a lone surrogate is one character.
    assert mtlint.Linter().score_batch([good])[0] == scores[0]
    r = mtlint.Linter().check("\ud800 He said thatIf it rains.")
    f = [f for f in r.findings if f.code == "MT101"][0]
    assert "\ud800 He said thatIf it rains."[f.start : f.end] == "thatIf"
    assert r.flags  # the replaced surrogate counts as an encoding error or the glued word


def test_score_batch_takes_arrow_and_threads_agree(documents):
    texts = [d["text"] for d in documents[:60]] + [None]
    one = mtlint.Linter().score_batch(texts)
    for arr in [pa.array(texts), pa.array(texts, pa.large_string()), pa.chunked_array([texts[:30], texts[30:]])]:
        np.testing.assert_array_equal(mtlint.Linter().score_batch(arr), one)
    np.testing.assert_array_equal(mtlint.Linter(threads=0).score_batch(texts), one)
    assert math.isnan(one[-1])
    assert mtlint.Linter().score_batch([]).shape == (0,)
    with pytest.raises(TypeError):
        mtlint.Linter().score_batch("one string")


def test_annotate(documents):
    rows = documents[:20] + [{"id": "none", "text": None}]
    batch = pa.RecordBatch.from_pylist(rows)
    linter = mtlint.Linter()
    out = linter.annotate(batch, findings=True)
    assert out.schema == mtlint.Linter.annotate_schema(batch.schema, findings=True)
    assert out.num_rows == batch.num_rows
    assert out.column("id").to_pylist() == [r["id"] for r in rows]
    np.testing.assert_array_equal(
        out.column("mtlint_score").to_numpy(zero_copy_only=False),
        linter.score_batch([r["text"] for r in rows]),
    )
    got = out.to_pylist()
    assert got[-1]["mtlint_verdict"] is None and got[-1]["mtlint_counts"] is None
    glued = got[0]  # documents[0] has a glued word
    assert ("MT101", 1) in glued["mtlint_counts"]
    f = [f for f in glued["mtlint_findings"] if f["code"] == "MT101"][0]
    assert rows[0]["text"][f["start"] : f["end"]] == "thatIf"
    assert "damaged-text" in glued["mtlint_flags"]
    # Without findings; a table works too.
    plain = linter.annotate(pa.Table.from_pylist(rows))
    assert "mtlint_findings" not in plain.schema.names
    assert plain.schema == mtlint.Linter.annotate_schema(batch.schema)
