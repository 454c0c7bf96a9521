"""Icons and pictures, installed as package data (found by gui/resources.py)."""
