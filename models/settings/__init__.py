"""Settings data: the profile's settings row and the providers."""
