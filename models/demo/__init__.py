"""Demo profile data: realistic providers, keys, a year of usage, findings, scripts and runs."""
