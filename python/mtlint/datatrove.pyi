from typing import Optional, Union

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from . import Linter

class MtlintFilter(BaseFilter):
    threshold: float
    label_only: bool
    linter: Linter
    def __init__(
        self,
        threshold: float = 0.8,
        label_only: bool = False,
        exclusion_writer: Optional[DiskWriter] = None,
        batch_size: int = 256,
        linter: Optional[Linter] = None,
    ) -> None: ...
    def filter(self, doc: Document) -> Union[bool, tuple[bool, str]]: ...
    def filter_batch(self, batch: list[Document]) -> list[Union[bool, tuple[bool, str]]]: ...
