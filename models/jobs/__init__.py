"""Whole-vault jobs behind the command line: ingest, export, retention, check."""
