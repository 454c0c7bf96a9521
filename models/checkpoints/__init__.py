"""Checkpoints data: decisions with their run, weekly counts, the audit trail, export."""
