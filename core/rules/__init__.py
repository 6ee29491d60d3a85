"""The checks: each module holds plain functions ``(ReviewContext) -> list[Finding]``."""
