"""Feed exporters: Scrapy's own, with list fields made unambiguous in CSV."""

from __future__ import annotations

import json
from typing import Any

from scrapy.exporters import CsvItemExporter


class JsonListsCsvItemExporter(CsvItemExporter):
    """CSV whose list and object cells (authors, tags, images) are JSON, not comma-joined:
    names may hold commas, and a spreadsheet user can still read them."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False)
        return super().serialize_field(field, name, value)
