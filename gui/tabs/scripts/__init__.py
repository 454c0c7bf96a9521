"""The Scripts tab: approval queue, review, code, versions and runs."""
