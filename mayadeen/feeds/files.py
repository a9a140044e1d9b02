"""The run's feed files as Scrapy's FeedExporter holds them: flushed before each database commit,
and the local JSON Lines ones named as the run's journal (storage/journal.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FeedExporter
from w3lib.url import file_uri_to_path

JOURNAL_FORMATS = ("jsonlines", "jsonl")


class FeedFiles:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @property
    def exporter(self) -> FeedExporter | None:
        extensions = getattr(self.crawler, "extensions", None)
        for extension in getattr(extensions, "middlewares", ()):
            if isinstance(extension, FeedExporter):
                return extension
        return None

    def flush(self) -> None:
        """Push what the exporters wrote out of Python's buffers into the files (a crash of the
        process then loses nothing of it; power loss is not the concern here)."""
        exporter = self.exporter
        for slot in exporter.slots if exporter else ():
            flush = getattr(slot.file, "flush", None)
            if flush is not None and not getattr(slot.file, "closed", False):
                flush()

    def journal_paths(self) -> list[str]:
        """Absolute paths of the run's local, uncompressed JSON Lines feeds."""
        exporter = self.exporter
        paths = []
        for slot in exporter.slots if exporter else ():
            options = slot.feed_options
            if options.get("format") not in JOURNAL_FORMATS or options.get("postprocessing"):
                continue
            scheme = urlsplit(slot.uri).scheme
            if scheme == "file":
                paths.append(str(Path(file_uri_to_path(slot.uri)).resolve()))
            elif scheme == "" or len(scheme) == 1:  # a plain path (or a Windows drive)
                paths.append(str(Path(slot.uri).resolve()))
        return paths
