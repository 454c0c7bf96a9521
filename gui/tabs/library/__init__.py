"""The Library tab: recommendations, selectors and the reference library."""
