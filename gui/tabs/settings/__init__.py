"""The Settings tab: profile settings and providers."""
