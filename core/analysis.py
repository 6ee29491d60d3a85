"""One file read and checked: what the window, the runner and a re-check hold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.document import Document
from core.model import Report

if TYPE_CHECKING:
    from core.review import ReviewContext


@dataclass
class Analysis:
    document: Document | None
    report: Report
    # What the rules looked at (core.review.ReviewContext): core.check.check re-runs them
    # on corrected tables from it. None for a file that was not read, or a PDF without
    # text: nothing to re-check.
    context: ReviewContext | None = None
