"""Automation Admin's data layer: vault, schema, migrations and queries. Never imports Qt."""

from automation_admin.models._version import __version__

__all__ = ["__version__"]
