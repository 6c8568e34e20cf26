"""Type stubs of the mtlint Python package."""

import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

__version__: str
SPARK_COLUMNS: str
SPARK_FINDINGS: str
COUNTS_TYPE: Any
FINDINGS_TYPE: Any

class Finding:
    code: str
    rule: str
    category: str
    severity: str
    start: int
    end: int
    message: str
    suggestion: Optional[str]
    def to_dict(self) -> Dict[str, Any]: ...

class Report:
    mt: Optional[float]
    verdict: str
    language: str
    words: int
    artifacts: Dict[str, int]
    flags: List[str]
    counts: Dict[str, int]
    findings: List[Finding]
    @property
    def score(self) -> Optional[float]: ...
    def to_dict(self) -> Dict[str, Any]: ...

_Path = Union[str, os.PathLike[str]]

class Linter:
    def __init__(
        self,
        select: Optional[Iterable[str]] = None,
        ignore: Optional[Iterable[str]] = None,
        config: Optional[_Path] = None,
        weights: Optional[_Path] = None,
        threads: int = 1,
    ) -> None: ...
    def __reduce__(self) -> Any: ...
    def __getstate__(self) -> Any: ...
    @property
    def threads(self) -> int: ...
    @property
    def rules(self) -> List[str]: ...
    def check(self, text: str) -> Report: ...
    def score_batch(self, texts: Union[Sequence[Optional[str]], Any]) -> npt.NDArray[np.float32]: ...
    def annotate(self, batch: Any, text_column: str = "text", findings: bool = False) -> Any: ...
    @staticmethod
    def annotate_schema(schema: Any, findings: bool = False, spark: bool = False) -> Any: ...
