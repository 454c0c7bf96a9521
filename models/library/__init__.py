"""Library data: service recommendations, provider selectors and the reference library."""
