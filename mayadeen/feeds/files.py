"""The run's local feed files, known through Scrapy's public feed storage API: flushed before each
database commit, and the JSON Lines ones named as the run's journal (feeds/journal.py).

`LocalFeedStorage` is Scrapy's FileFeedStorage (FEED_STORAGES for plain paths and file:// URIs)
that makes itself known to the `FeedFiles` extension when FeedExporter builds it (at spider open,
and for each new batch) and hands it the file it opens for the exporter.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage

JOURNAL_FORMATS = ("jsonlines", "jsonl")


class LocalFeedStorage(FileFeedStorage):
    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        files: FeedFiles | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.feed_options = feed_options or {}
        self.file: IO[bytes] | None = None
        if files is not None:
            files.add(self)

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> LocalFeedStorage:
        try:
            files = crawler.get_extension(FeedFiles)
        except RuntimeError:
            # FeedExporter builds one storage per FEEDS entry while the extensions are being
            # built, only to check its URI scheme: not a feed of the run (those come at open).
            files = None
        return cls(uri, feed_options=feed_options, files=files)

    def open(self, spider: Spider) -> IO[bytes]:
        self.file = super().open(spider)
        return self.file

    @property
    def is_journal(self) -> bool:
        """A JSON Lines feed written as is (no compression or other post-processing)."""
        options = self.feed_options
        return options.get("format") in JOURNAL_FORMATS and not options.get("postprocessing")


class FeedFiles:
    """Extension: the local feed files of the run (LocalFeedStorage), for the database pipeline
    (``crawler.get_extension(FeedFiles)``)."""

    def __init__(self) -> None:
        self.storages: list[LocalFeedStorage] = []

    def add(self, storage: LocalFeedStorage) -> None:
        self.storages.append(storage)

    def flush(self) -> None:
        """Push what the exporters wrote out of Python's buffers into the files (a crash of the
        process then loses nothing of it; power loss is not the concern here)."""
        for storage in self.storages:
            if storage.file is not None and not storage.file.closed:
                storage.file.flush()

    def journal_paths(self) -> list[str]:
        """Absolute paths of the run's local, uncompressed JSON Lines feeds."""
        return [str(Path(s.path).resolve()) for s in self.storages if s.is_journal]
