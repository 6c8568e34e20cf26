"""mtlint: finds machine-translation and scraping artifacts in text and scores documents.

The engine is the Rust library of the same name (``mtlint._mtlint``); this module adds the
Python classes, Arrow handling and pickling. Two answers per document:

* ``mt``: the probability that the text was machine-translated (``None``/NaN when the language
  has no model or the text cannot be scored), with its ``verdict`` (``clean``, ``suspect``,
  ``likely-mt``, ``too-short``, ``unsupported``);
* the artifact evidence: findings per category (``artifacts``) and ``flags`` (``scraped``,
  ``encoding``, ``damaged-text``, ``typography``), which do not move ``mt``.

Example::

    >>> import mtlint
    >>> linter = mtlint.Linter()
    >>> report = linter.check("He said thatIf no progress is made, talks end.")
    >>> [f.rule for f in report.findings]
    ['run-together-words']
    >>> linter.score_batch(["Some text.", None]).dtype
    dtype('float32')
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence

import numpy as np

from ._mtlint import Engine as _Engine
from ._mtlint import __version__

__all__ = ["Linter", "Report", "Finding", "SPARK_COLUMNS", "SPARK_FINDINGS", "__version__"]

#: The columns :meth:`Linter.annotate` adds, as Spark DDL (Spark has no unsigned integers: the
#: counts are ``int``; cast the batch with ``annotate_schema(schema, spark=True)``).
SPARK_COLUMNS = (
    "mtlint_score float, mtlint_verdict string, mtlint_language string, "
    "mtlint_counts map<string,int>, mtlint_flags array<string>"
)
#: The ``findings=True`` column as Spark DDL.
SPARK_FINDINGS = (
    "mtlint_findings array<struct<code:string,rule:string,category:string,severity:string,"
    "start:bigint,end:bigint,message:string,suggestion:string>>"
)


@dataclass(frozen=True)
class Finding:
    """One finding: a rule's match at ``text[start:end]`` (Python string indices)."""

    code: str
    """Stable rule code, e.g. ``MT101``."""
    rule: str
    """Rule name, e.g. ``run-together-words``."""
    category: str
    """``translation``, ``artifact``, ``typography``, ``encoding`` or ``debris``."""
    severity: str
    start: int
    end: int
    message: str
    suggestion: Optional[str] = None
    """The replacement text of the rule's fix, if it has one."""

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Report:
    """The result of checking one text."""

    mt: Optional[float]
    """Probability of machine translation; ``None`` when the language has no model."""
    verdict: str
    """``clean``, ``suspect``, ``likely-mt``, ``too-short`` or ``unsupported``."""
    language: str
    """Detected ISO 639-1 code (``und`` when unknown)."""
    words: int
    artifacts: Dict[str, int]
    """Findings per artifact category (``artifact``, ``typography``, ``encoding``, ``debris``)."""
    flags: List[str]
    """Artifact flags present: ``scraped``, ``encoding``, ``damaged-text``, ``typography``."""
    counts: Dict[str, int]
    """Findings per rule code."""
    findings: List[Finding] = field(default_factory=list)

    @property
    def score(self) -> Optional[float]:
        """The ``mt`` probability (same as :attr:`mt`)."""
        return self.mt

    def to_dict(self) -> Dict[str, Any]:
        d = asdict(self)
        d["score"] = self.mt
        return d


def _paths(v: Any) -> Optional[str]:
    return None if v is None else os.fspath(v)


def _names(v: Any) -> Optional[List[str]]:
    if v is None:
        return None
    if isinstance(v, str):
        return [s for s in v.replace(",", " ").split() if s]
    return [str(s) for s in v]


def _texts(texts: Any) -> Sequence[Any]:
    """A sequence of Python objects from a list, or an Arrow array or chunked array."""
    if isinstance(texts, (list, tuple)):
        return texts
    if isinstance(texts, (str, bytes)):
        raise TypeError("expected a sequence of texts, not one string (use Linter.check)")
    if hasattr(texts, "to_pylist"):
        return texts.to_pylist()
    if hasattr(texts, "__arrow_c_array__") or hasattr(texts, "__arrow_c_stream__"):
        import pyarrow as pa

        if hasattr(texts, "__arrow_c_array__"):
            return pa.array(texts).to_pylist()
        return pa.chunked_array(texts).to_pylist()
    return list(texts)


class Linter:
    """A configured linter.

    :param select: rule codes, names or categories to run (default: all).
    :param ignore: rule codes, names or categories to leave out.
    :param config: path of an ``mtlint.toml`` whose settings apply (no file is discovered).
    :param weights: path of a model file (``mtlint train``) instead of the built-in one.
    :param threads: threads for the batch methods; 1 runs on the calling thread, 0 uses every
        core. The work runs with the GIL released.

    A linter pickles as its constructor arguments (paths stay paths: the files must exist
    where it is unpickled), and is cheap to build again in a worker.
    """

    def __init__(
        self,
        select: Optional[Iterable[str]] = None,
        ignore: Optional[Iterable[str]] = None,
        config: Optional[str | os.PathLike] = None,
        weights: Optional[str | os.PathLike] = None,
        threads: int = 1,
    ) -> None:
        self._args = (_names(select), _names(ignore), _paths(config), _paths(weights), int(threads))
        if self._args[4] < 0:
            raise ValueError("threads must be 0 (every core) or more")
        self._engine = _Engine(*self._args)

    # Pickling: by the constructor arguments.
    def __reduce__(self):
        return (Linter, self._args)

    def __getstate__(self):
        return self._args

    def __repr__(self) -> str:
        select, ignore, config, weights, threads = self._args
        return (
            f"Linter(select={select!r}, ignore={ignore!r}, config={config!r}, "
            f"weights={weights!r}, threads={threads!r})"
        )

    @property
    def threads(self) -> int:
        """The number of threads the batch methods use."""
        return self._engine.threads

    @property
    def rules(self) -> List[str]:
        """The codes of the rules this linter runs."""
        return self._engine.rule_codes()

    def check(self, text: str) -> Report:
        """Checks one text: its ``mt`` score, verdict, artifacts and findings.

        Spans are Python string indices (``text[f.start:f.end]``). A lone surrogate counts as
        one character (it is read as U+FFFD). Raises ``TypeError`` for a non-``str`` and
        ``ValueError`` for a text the engine refuses (4 GiB or more).
        """
        d = self._engine.check(text)
        d["findings"] = [Finding(**f) for f in d["findings"]]
        return Report(**d)

    def score_batch(self, texts: Any) -> np.ndarray:
        """The ``mt`` probability of each text, as a ``float32`` array of the same length.

        ``texts``: a list of ``str | None``, or an Arrow string/large_string array or chunked
        array (anything with ``__arrow_c_array__``). ``None``, empty or whitespace-only text,
        a non-string, a text in a language without a model and a text that cannot be scored
        give NaN; the batch never raises for one entry.
        """
        return np.frombuffer(self._engine.score_batch(_texts(texts)), dtype=np.float32)

    def annotate(self, batch: Any, text_column: str = "text", findings: bool = False):
        """The Arrow ``batch`` with mtlint's columns added (a ``pyarrow.RecordBatch``).

        Added columns: ``mtlint_score`` (float32, the ``mt`` probability, NaN when none),
        ``mtlint_verdict`` (string), ``mtlint_language`` (string), ``mtlint_counts``
        (map<string, uint32>: findings per rule code), ``mtlint_flags`` (list<string>) and,
        with ``findings=True``, ``mtlint_findings`` (list<struct<code, rule, category,
        severity, start, end, message, suggestion>>, spans in string indices). Rows without an
        answer (null, empty or non-string text) are null in all but ``mtlint_score``.

        This is the function for Spark's ``DataFrame.mapInArrow`` and Ray's
        ``map_batches(batch_format="pyarrow")``; a ``pyarrow.Table`` is accepted too (its
        batches are combined).
        """
        import pyarrow as pa

        if isinstance(batch, pa.Table):
            table = batch.combine_chunks()
            batches = table.to_batches()
            batch = batches[0] if batches else pa.RecordBatch.from_pylist([], schema=table.schema)
        elif not isinstance(batch, pa.RecordBatch):
            batch = pa.record_batch(batch)
        texts = batch.column(text_column).to_pylist()
        scores, verdicts, languages, counts, flags, found = self._engine.annotate_columns(
            texts, findings
        )
        names = list(batch.schema.names)
        arrays = list(batch.columns)
        for name, array in [
            ("mtlint_score", pa.array(np.frombuffer(scores, dtype=np.float32), pa.float32())),
            ("mtlint_verdict", pa.array(verdicts, pa.string())),
            ("mtlint_language", pa.array(languages, pa.string())),
            ("mtlint_counts", pa.array(counts, _counts_type())),
            ("mtlint_flags", pa.array(flags, pa.list_(pa.string()))),
        ] + ([("mtlint_findings", pa.array(found, _findings_type()))] if findings else []):
            if name in names:
                i = names.index(name)
                arrays[i] = array
            else:
                names.append(name)
                arrays.append(array)
        return pa.RecordBatch.from_arrays(arrays, names=names)

    @staticmethod
    def annotate_schema(schema: Any, findings: bool = False, spark: bool = False):
        """The schema :meth:`annotate` gives for an input ``schema``. With ``spark=True`` the
        counts are ``map<string, int32>`` (Spark has no unsigned types): cast the annotated
        batch to it in ``mapInArrow`` (``batch.cast(schema)``)."""
        import pyarrow as pa

        fields = [f for f in schema if not f.name.startswith("mtlint_")]
        fields += [
            pa.field("mtlint_score", pa.float32()),
            pa.field("mtlint_verdict", pa.string()),
            pa.field("mtlint_language", pa.string()),
            pa.field("mtlint_counts", _counts_type(pa.int32() if spark else pa.uint32())),
            pa.field("mtlint_flags", pa.list_(pa.string())),
        ]
        if findings:
            fields.append(pa.field("mtlint_findings", _findings_type()))
        return pa.schema(fields)


def _counts_type(value=None):
    import pyarrow as pa

    return pa.map_(pa.string(), value or pa.uint32())


def _findings_type():
    import pyarrow as pa

    return pa.list_(
        pa.struct(
            [
                ("code", pa.string()),
                ("rule", pa.string()),
                ("category", pa.string()),
                ("severity", pa.string()),
                ("start", pa.int64()),
                ("end", pa.int64()),
                ("message", pa.string()),
                ("suggestion", pa.string()),
            ]
        )
    )


def __getattr__(name: str):
    # The Arrow types of the added columns, built on use so that `import mtlint` does not
    # need pyarrow.
    if name == "COUNTS_TYPE":
        return _counts_type()
    if name == "FINDINGS_TYPE":
        return _findings_type()
    raise AttributeError(name)
