"""Readers turn one file's bytes into a ``core.document.Document``."""
