"""The one place the program's version is written."""

__version__ = "0.1.0"
