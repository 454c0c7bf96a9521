"""Dashboard data: every key's latest state, trends, and the daily-summary fold."""
