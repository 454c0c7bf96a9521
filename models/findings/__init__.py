"""Findings data: keyset pages, filters, counts, triage and the search log."""
