"""Order books at scale: batch determination (local Polars engine or Apache Spark) and impact analysis."""

from chipcontrols.batch.runner import BatchSummary, determine_frame, run_batch

__all__ = ["BatchSummary", "determine_frame", "run_batch"]
