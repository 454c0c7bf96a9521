"""The Dashboard tab: key list, key detail and trend charts."""
