"""A datatrove filter that scores documents with mtlint.

    from datatrove.pipeline.filters import ...
    from mtlint.datatrove import MtlintFilter

    pipeline = [JsonlReader("in/"), MtlintFilter(threshold=0.8,
                exclusion_writer=JsonlWriter("excluded/")), JsonlWriter("kept/")]

Each document gets ``metadata`` keys ``mtlint_score`` (the ``mt`` probability, or None when
the text has no answer: empty, or a language without a model), ``mtlint_verdict``,
``mtlint_language``, ``mtlint_counts`` (findings per rule code) and ``mtlint_flags``
(artifact flags). A document whose score is at or above ``threshold`` is dropped with the
reason ``mtlint_mt`` (``filter_reason`` in the exclusion writer's output) unless
``label_only``; a document without a score is kept.
"""

from __future__ import annotations

from typing import Optional

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from . import Linter

__all__ = ["MtlintFilter"]


class MtlintFilter(BaseFilter):
    """Scores documents with mtlint and drops (or only labels) likely machine translation.

    :param threshold: documents with ``mt >= threshold`` are dropped.
    :param label_only: write the metadata, drop nothing.
    :param exclusion_writer: a datatrove writer for the dropped documents.
    :param batch_size: documents scored per call (the GIL is released for each batch).
    :param linter: the :class:`mtlint.Linter` to use (default: ``Linter()``; its ``threads``
        apply within each batch). It is pickled by its arguments, so the filter survives
        datatrove's shipping of the pipeline to workers.
    """

    name = "🈂️ mtlint"
    _requires_dependencies = []

    def __init__(
        self,
        threshold: float = 0.8,
        label_only: bool = False,
        exclusion_writer: Optional[DiskWriter] = None,
        batch_size: int = 256,
        linter: Optional[Linter] = None,
    ):
        super().__init__(exclusion_writer, batch_size=batch_size)
        self.threshold = float(threshold)
        self.label_only = label_only
        self.linter = linter if linter is not None else Linter()

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: list[Document]) -> list[bool | tuple[bool, str]]:
        scores, verdicts, languages, counts, flags, _ = self.linter._engine.annotate_columns(
            [doc.text for doc in batch], False
        )
        import numpy as np

        scores = np.frombuffer(scores, dtype=np.float32)
        out: list[bool | tuple[bool, str]] = []
        for i, doc in enumerate(batch):
            s = float(scores[i])
            score = None if s != s else round(s, 4)
            doc.metadata["mtlint_score"] = score
            doc.metadata["mtlint_verdict"] = verdicts[i]
            doc.metadata["mtlint_language"] = languages[i]
            doc.metadata["mtlint_counts"] = dict(counts[i]) if counts[i] is not None else None
            doc.metadata["mtlint_flags"] = flags[i]
            if score is not None:
                self.stat_update(f"mtlint_{verdicts[i]}")
            if not self.label_only and score is not None and score >= self.threshold:
                out.append((False, "mtlint_mt"))
            else:
                out.append(True)
        return out
