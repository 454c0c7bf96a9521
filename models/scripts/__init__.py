"""Scripts data: the approval queue, decisions, versions, runs and the safety review."""
