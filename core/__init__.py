"""The review engine: pure Python, never imports Qt (tests/test_architecture.py checks)."""

__version__ = "0.1.0"
