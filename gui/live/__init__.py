"""The window follows what other programs write to the vault (the poll, refreshes that keep
the person's place, the summary after unlock)."""
