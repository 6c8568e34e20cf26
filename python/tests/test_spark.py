"""Linter.annotate under PySpark's mapInArrow, local[2]."""

from __future__ import annotations

import os
import shutil
import sys

import numpy as np
import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("no Java for Spark", allow_module_level=True)

import pyarrow as pa  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402

import mtlint  # noqa: E402


def test_map_in_arrow(documents, tmp_path, monkeypatch):
    # The workers run this interpreter (the virtual environment with mtlint), not `python3`.
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("mtlint-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.local.dir", str(tmp_path))
        .getOrCreate()
    )
    try:
        rows = documents + [{"id": "null", "text": None}]
        df = spark.createDataFrame(rows, schema="id string, text string").repartition(4)
        linter = mtlint.Linter()
        # Spark has no unsigned integers: the counts are declared map<string,int> and cast.
        ddl = mtlint.SPARK_COLUMNS
        in_schema = pa.schema([("id", pa.string()), ("text", pa.string())])
        out_schema = mtlint.Linter.annotate_schema(in_schema, spark=True)

        def annotate(batches):
            for batch in batches:
                yield linter.annotate(batch).cast(out_schema)

        columns = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in df.schema)
        out = df.mapInArrow(annotate, f"{columns}, {ddl}").toArrow()
        assert out.num_rows == len(rows)
        got = {r["id"]: r for r in out.to_pylist()}
        assert sorted(got) == sorted(r["id"] for r in rows)
        expected = linter.score_batch([r["text"] for r in rows])
        score = np.array([got[r["id"]]["mtlint_score"] for r in rows], dtype=np.float32)
        np.testing.assert_array_equal(score, expected)
        assert got["null"]["mtlint_verdict"] is None
        assert got["doc-000"]["mtlint_flags"] == ["damaged-text"] or "damaged-text" in got["doc-000"]["mtlint_flags"]
    finally:
        spark.stop()
