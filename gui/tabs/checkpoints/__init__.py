"""The Checkpoints tab: decisions, weekly chart and the audit trail."""
