"""Following what other programs write while the vault is open (no Qt here)."""
