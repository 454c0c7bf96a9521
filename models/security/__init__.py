"""Keeping secrets out of the vault's text: redaction on write and masking on read."""
