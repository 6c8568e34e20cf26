"""MtlintFilter in a real datatrove pipeline: 2 tasks on 2 workers, with an exclusion writer."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

import mtlint  # noqa: E402
from mtlint.datatrove import MtlintFilter  # noqa: E402


def _read(folder):
    out = []
    for path in sorted(folder.glob("*.jsonl")):
        out += [json.loads(line) for line in path.read_text().splitlines() if line]
    return out


def test_pipeline_keeps_and_excludes_each_document_once(tmp_path, documents):
    # (datatrove itself skips records whose text is empty; whitespace gets through.)
    docs = documents[:200] + [{"id": "empty", "text": " \n "}]
    (tmp_path / "in").mkdir()
    for shard in range(2):
        with open(tmp_path / "in" / f"part{shard}.jsonl", "w") as f:
            for d in docs[shard::2]:
                f.write(json.dumps(d) + "\n")
    # A threshold that splits this set, so that both outputs are non-empty.
    scores = mtlint.Linter().score_batch([d["text"] for d in docs])
    threshold = float(np.nanmedian(scores))

    filt = MtlintFilter(
        threshold=threshold,
        exclusion_writer=JsonlWriter(str(tmp_path / "excluded"), compression=None),
        batch_size=32,
    )
    pickle.loads(pickle.dumps(filt))  # what datatrove does to ship it
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            filt,
            JsonlWriter(str(tmp_path / "kept"), compression=None),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()

    kept, excluded = _read(tmp_path / "kept"), _read(tmp_path / "excluded")
    assert kept and excluded
    ids = [d["id"] for d in kept + excluded]
    assert sorted(ids) == sorted(d["id"] for d in docs)  # each exactly once
    for d in kept + excluded:
        m = d["metadata"]
        assert {"mtlint_score", "mtlint_verdict", "mtlint_language", "mtlint_counts", "mtlint_flags"} <= m.keys()
    for d in excluded:
        assert d["metadata"]["mtlint_score"] >= threshold
        assert d["metadata"]["filter_reason"] == "mtlint_mt"
    for d in kept:
        s = d["metadata"]["mtlint_score"]
        assert s is None or s < threshold
    empty = [d for d in kept if d["id"] == "empty"][0]
    assert empty["metadata"]["mtlint_score"] is None and empty["metadata"]["mtlint_verdict"] is None


def test_label_only_drops_nothing(documents):
    from datatrove.data import Document

    filt = pickle.loads(pickle.dumps(MtlintFilter(threshold=0.0, label_only=True)))
    batch = [Document(text=d["text"], id=d["id"]) for d in documents[:10]]
    assert filt.filter_batch(batch) == [True] * 10
    assert all(doc.metadata["mtlint_verdict"] for doc in batch)
