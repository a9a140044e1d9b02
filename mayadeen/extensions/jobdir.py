"""`FinishedJobReset`: a JOBDIR whose job finished can serve the next run.

Scrapy keeps a job's dupefilter (JOBDIR/requests.seen) after the job is done; a later run with
the same JOBDIR would then skip every URL the finished job fetched, edits and revisits included.
A job that finished (not one stopped midway: that one is resumed) forgets its seen requests.
"""

from __future__ import annotations

import logging

from mayadeen.extensions.pathsetting import PathSettingExtension

logger = logging.getLogger(__name__)

SEEN_FILE = "requests.seen"


class FinishedJobReset(PathSettingExtension):
    setting = "JOBDIR"

    def spider_closed(self, reason: str) -> None:
        # The scheduler (and its dupefilter file) is closed before spider_closed is sent.
        seen = self.path / SEEN_FILE
        if reason == "finished" and seen.exists():
            seen.write_bytes(b"")
            logger.info("Job finished: %s emptied, the JOBDIR is ready for the next run", seen)
