"""Automation Admin's front ends: the window (Qt) and the command line."""
