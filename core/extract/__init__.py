"""Rebuilding the three standard tables into cells that know where they stand.

Two sources of table text:
- real tables (PDF ruling, HTML, Word): ``Document.tokens``, one per cell, so blank
  cells and cell boundaries are known exactly (``extract_from_grid``);
- flattened text (scraped pages): a sequence of lines, ``|``-pieces, or digits glued
  together (``extract_from_text``).
Either way the format's known rows are found in order by their labels; a row's values
are what stands between its label and the next row's. Lines are never counted blindly.
"""

from core.extract.common import Extraction
from core.extract.grid import extract_from_grid
from core.extract.text import extract_from_text

__all__ = ["Extraction", "extract_from_grid", "extract_from_text"]
