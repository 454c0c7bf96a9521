"""The one table of `reference_library/manifest.db` (seed §3.10), a plain SQLite file."""

from __future__ import annotations

from peewee import IntegerField, Model, TextField

from automation_admin.models.schema.fields import TimestampField


class ReferenceLibraryManifest(Model):
    id = TextField(primary_key=True)
    source_name = TextField(unique=True)
    source_url = TextField()
    commit_sha = TextField()
    downloaded_at = TimestampField()
    local_path = TextField()
    file_count = IntegerField()
    total_size_bytes = IntegerField()
    checksum = TextField()

    class Meta:
        table_name = "reference_library_manifest"
