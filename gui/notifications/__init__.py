"""Telling the person what needs them: the in-window list, the tray icon with its count, and
one desktop notification per batch (held back in quiet hours)."""
