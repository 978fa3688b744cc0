"""Placeholder until the batch CLI lands: prints cleaned seed files."""
