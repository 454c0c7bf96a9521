"""Plumbing: the vault connection, keys, paths, index.db, paging, shared SQL clauses and the
write policy."""
