"""The native module (Rust, pyo3). Use the classes of `mtlint` instead."""

from typing import Any, Dict, List, Optional, Sequence, Tuple

__version__: str

class Engine:
    def __init__(
        self,
        select: Optional[List[str]] = None,
        ignore: Optional[List[str]] = None,
        config: Optional[str] = None,
        weights: Optional[str] = None,
        threads: int = 1,
    ) -> None: ...
    @property
    def threads(self) -> int: ...
    def rule_codes(self) -> List[str]: ...
    def check(self, text: str) -> Dict[str, Any]: ...
    def score_batch(self, texts: Sequence[Any]) -> bytearray: ...
    def annotate_columns(
        self, texts: Sequence[Any], findings: bool = False
    ) -> Tuple[bytearray, list, list, list, list, Optional[list]]: ...

def _char_indices(text: str, offsets: List[int]) -> List[int]: ...
