"""Item pipelines, in the order they run: validate, dedupe within the run, store in the database."""

from mayadeen.pipelines.database import DatabasePipeline
from mayadeen.pipelines.dedupe import DedupePipeline
from mayadeen.pipelines.validation import ValidationPipeline

__all__ = ["DatabasePipeline", "DedupePipeline", "ValidationPipeline"]
