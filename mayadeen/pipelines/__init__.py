"""Item pipelines, in the order they run: validate, store in the database. (Within a run the
spider emits each article and ticker line once: spiders/articles.py.)"""

from mayadeen.pipelines.database import DatabasePipeline
from mayadeen.pipelines.validation import ValidationPipeline

__all__ = ["DatabasePipeline", "ValidationPipeline"]
