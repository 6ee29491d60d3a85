"""Plain-text reports: decode, normalise line endings, hand over the text.

A TXT file has no table structure of its own (``tokens=None``): the engine rebuilds the
tables from the text, whatever flattening the file went through.
"""

from __future__ import annotations

from core.document import Document, ReadError
from core.readers.encoding import decode_text


def read_txt(data: bytes, path: str) -> Document:
    """Decode a plain-text report; raises ReadError for empty, huge or binary input."""
    decoded = decode_text(data)
    if not decoded.text.strip():
        raise ReadError("文件中没有文字（只有空白字符）")
    return Document(
        path=path,
        source_format="txt",
        text=decoded.text,
        encoding=decoded.encoding,
        tokens=None,
        notes=list(decoded.notes),
    )
