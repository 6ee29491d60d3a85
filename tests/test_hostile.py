"""Hostile and broken files: every one gives a clear message, bounded in time and memory,
and nothing opens a network connection.

Each case is written into tmp_path by the tests and read by ``core.pipeline.analyze`` in a
child process with an address-space limit (``RLIMIT_AS``) and a wall-clock limit; the child
blocks the network (tests/helpers/no_network.py) and reports what it saw as one JSON line.
A MemoryError the engine caught still counts as a failure here: it means the reader tried
to use more than the bound, which on a reviewer's laptop is a swapping machine.

The cheap HTML cases are also read in-process under the ``no_network`` fixture.
"""

from __future__ import annotations

import json
import os
import random
import resource
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.no_network import block_network

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.gen_corpus import (  # noqa: E402
    Style,
    random_tables,
    report_html,
    report_text,
    write_report_pdf,
)

TIME_LIMIT = 20.0  # seconds per file
MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space (RLIMIT_AS) per child

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from tests.helpers.no_network import block_network
out = {}
with block_network() as attempts:
    from core.pipeline import analyze  # lazy reader imports happen inside the block too
    t = time.perf_counter()
    try:
        a = analyze(sys.argv[2])
    except BaseException as exc:  # anything escaping analyze is the failure we look for
        out["exception"] = f"{type(exc).__name__}: {exc}"
    else:
        r = a.report
        out.update(error=r.error, source_format=r.source_format, template=r.template,
                   year=r.year, tables=sorted(r.tables), rules=sorted({f.rule for f in r.findings}),
                   text_chars=len(a.document.text) if a.document else None)
    out["seconds"] = time.perf_counter() - t
out["network"] = attempts
out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("RESULT " + json.dumps(out, ensure_ascii=False), flush=True)
"""


@dataclass
class Outcome:
    returncode: int | None  # None: killed at the time limit
    seconds: float
    result: dict | None
    stderr: str


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(path: Path, timeout: float = TIME_LIMIT) -> Outcome:
    """``analyze(path)`` in a child with RLIMIT_AS and a wall-clock limit."""
    t = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(ROOT), str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_limit_memory,  # noqa: PLW1509 - no threads in the parent at this point
        env={**os.environ, "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1"},
    )
    try:
        out, err = proc.communicate(timeout=timeout)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        code = None
    seconds = time.perf_counter() - t
    result = None
    for line in out.decode("utf-8", "replace").splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
    return Outcome(code, seconds, result, err.decode("utf-8", "replace")[-3000:])


def assert_clean(o: Outcome, *, readable: bool | None = None) -> dict:
    """The common contract: finished in time, no crash, no escape, no network, a clear outcome.

    ``readable`` True: a normal report expected; False: ``error`` expected; None: either.
    """
    assert o.returncode is not None, f"hung: killed after {o.seconds:.1f} s\n{o.stderr}"
    assert o.returncode == 0 and o.result is not None, f"child died (status {o.returncode})\n{o.stderr}"
    r = o.result
    assert "exception" not in r, f"exception escaped analyze: {r['exception']}"
    assert r["network"] == [], f"tried to connect: {r['network']}"
    err = r["error"]
    assert err is None or ("MemoryError" not in err and "内部错误" not in err), f"bounded only by the limit: {err}"
    if readable is True:
        assert err is None, err
    elif readable is False:
        assert err, f"expected a read error, got a report: {r}"
    if err:
        assert len(err) >= 4 and any("\u4e00" <= ch <= "\u9fff" for ch in err), f"unclear message: {err!r}"
    return r


# --------------------------------------------------------------------------- the corpus


def _report_pdf(path: Path, pages: int = 0) -> bytes:
    write_report_pdf(path, random_tables(random.Random(1)), filler_pages=pages)
    return path.read_bytes()


def _random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _pdf_by_hand(objects: list[bytes]) -> bytes:
    """A well-formed PDF (xref and trailer right) around the given object bodies; obj 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def huge_stream_pdf(inflated_mb: int = 400) -> bytes:
    """One page whose content stream is a few hundred KB of Flate that inflates to ``inflated_mb`` MB."""
    comp = zlib.compressobj(9)
    parts = [comp.compress(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n")]
    chunk = b" " * (1 << 20)
    for _ in range(inflated_mb):
        parts.append(comp.compress(chunk))
    parts.append(comp.flush())
    stream = b"".join(parts)
    return _pdf_by_hand([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def thousands_of_pages_pdf(path: Path, pages: int = 3000) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(300, 200))
    for i in range(pages):
        c.setFont("STSong-Light", 9)
        if i == 0:
            c.drawString(10, 180, "某市交通运输局2023年政府信息公开工作年度报告")
        c.drawString(10, 160, f"一、总体情况 第{i + 1}页：全年主动公开政府信息{i}条。")
        c.showPage()
    c.save()


def _docx_skeleton(zf: zipfile.ZipFile, document_xml: bytes) -> None:
    zf.writestr("[Content_Types].xml", (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relat'
        'ionships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/do'
        'cument.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.ma'
        'in+xml"/></Types>'))
    zf.writestr("_rels/.rels", (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/pack'
        'age/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocu'
        'ment/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'))
    zf.writestr("word/document.xml", document_xml)


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_paragraphs(lines: list[str], doctype: str = "") -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{ln}</w:t></w:r></w:p>" for ln in lines)
    return f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document {_W}><w:body>{body}</w:body></w:document>'.encode()


def zip_bomb_docx(path: Path, gigabytes: float = 1.1, lie: bool = False) -> None:
    """A DOCX with a member inflating to > 1 GB of zeros (level 9, written in chunks).

    ``lie``: the bomb is word/document.xml itself and the zip's headers declare it small.
    """
    name = "word/document.xml" if lie else "word/media/image1.bin"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        if lie:
            zf.writestr("[Content_Types].xml", "<Types/>")
        else:
            _docx_skeleton(zf, _docx_paragraphs(["某局2023年政府信息公开工作年度报告", "一、总体情况"]))
        chunk = b"\0" * (8 << 20)
        with zf.open(name, "w", force_zip64=True) as member:
            for _ in range(int(gigabytes * 1024 / 8)):
                member.write(chunk)
    if lie:
        _declare_size(path, name, 4096)


def _declare_size(path: Path, name: str, size: int) -> None:
    """Rewrite the uncompressed size the zip declares for ``name`` (local header and directory)."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    # Local header: the zip64 extra field carries the real size; make it small as well.
    i = data.find(b"PK\x03\x04")
    while i != -1:
        n_len, x_len = struct.unpack_from("<HH", data, i + 26)
        if bytes(data[i + 30 : i + 30 + n_len]) == encoded:
            struct.pack_into("<I", data, i + 22, 0xFFFFFFFF)
            extra = i + 30 + n_len
            if x_len >= 20 and struct.unpack_from("<H", data, extra)[0] == 1:
                struct.pack_into("<Q", data, extra + 4, size)
        i = data.find(b"PK\x03\x04", i + 4)
    j = data.find(b"PK\x01\x02")
    while j != -1:
        n_len, x_len, c_len = struct.unpack_from("<HHH", data, j + 28)
        if bytes(data[j + 46 : j + 46 + n_len]) == encoded:
            struct.pack_into("<I", data, j + 24, size)
            extra = j + 46 + n_len
            k = extra
            while k < extra + x_len:
                tag, ln = struct.unpack_from("<HH", data, k)
                if tag == 1:  # zip64: drop it so the 32-bit (small) size is believed
                    struct.pack_into("<H", data, k, 0x9999)
                k += 4 + ln
        j = data.find(b"PK\x01\x02", j + 4)
    path.write_bytes(bytes(data))


HOSTILE_HEAD = """
<meta http-equiv="refresh" content="0; url=http://127.0.0.1:9/refresh">
<link rel="stylesheet" href="http://127.0.0.1:9/s.css"><link rel="preload" href="//127.0.0.1:9/font.woff">
<link rel="import" href="http://127.0.0.1:9/import.html"><base href="http://127.0.0.1:9/">
<script src="http://127.0.0.1:9/track.js"></script>
<script>fetch("http://127.0.0.1:9/x"); new Image().src = "http://127.0.0.1:9/beacon";</script>
<style>@import url("http://127.0.0.1:9/i.css"); body { background: url(http://127.0.0.1:9/bg.png) }</style>
"""
HOSTILE_BODY = """
<iframe src="http://127.0.0.1:9/frame.html">框架内容</iframe><frameset><frame src="http://127.0.0.1:9/f"></frameset>
<img src="http://127.0.0.1:9/logo.png" srcset="http://127.0.0.1:9/a.png 2x" alt="标志">
<object data="http://127.0.0.1:9/x.swf">对象内容</object><embed src="http://127.0.0.1:9/e.swf">
<video src="http://127.0.0.1:9/v.mp4" poster="http://127.0.0.1:9/p.png"></video>
<svg><image href="http://127.0.0.1:9/s.png"/><use href="http://127.0.0.1:9/u.svg#x"/></svg>
<form action="http://127.0.0.1:9/post"><input type="image" src="http://127.0.0.1:9/i.png"></form>
<a href="http://127.0.0.1:9/link">链接</a>
<script src="http://127.0.0.1:9/late.js"></script>
"""
XXE_DOCTYPE = ('<!DOCTYPE html [<!ENTITY ext SYSTEM "http://127.0.0.1:9/xxe"> '
               '<!ENTITY file SYSTEM "file:///etc/passwd">]>')


def _tables_text(seed: int = 1) -> str:
    return report_text(random_tables(random.Random(seed)), Style(), random.Random(seed))


@dataclass
class Case:
    name: str
    make: Callable[[Path], Path]
    readable: bool | None  # True: a normal report; False: a read error; None: either is fine
    xfail: str | None = None


def _write(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        p = d / name
        p.write_bytes(data() if callable(data) else data)
        return p

    return make


def _with(name: str, fn: Callable[[Path], None]) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        p = d / name
        fn(p)
        return p

    return make


def _truncated_pdf(d: Path) -> Path:
    data = _report_pdf(d / "whole.pdf")
    p = d / "truncated.pdf"
    p.write_bytes(data[: len(data) // 2])
    return p


def _cut_middle_pdf(d: Path) -> Path:
    """Start and end kept (%PDF header, %%EOF trailer), the middle third gone."""
    data = _report_pdf(d / "whole2.pdf")
    n = len(data)
    p = d / "cut_middle.pdf"
    p.write_bytes(data[: n // 3] + data[2 * n // 3 :])
    return p


def _encrypted_pdf(user_password: str) -> Callable[[Path], None]:
    def make(p: Path) -> None:
        from reportlab.lib import pdfencrypt

        enc = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner", canPrint=0, strength=128)
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        c = canvas.Canvas(str(p), encrypt=enc)
        c.setFont("STSong-Light", 12)
        c.drawString(72, 760, "某市交通运输局2023年政府信息公开工作年度报告")
        c.drawString(72, 730, "一、总体情况")
        c.showPage()
        c.save()

    return make


def _big_text(size_mb: int, name: str) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        p = d / name
        block = _tables_text().encode("utf-8")
        chunk = block * ((1 << 20) // len(block))  # whole reports: valid UTF-8 throughout
        with p.open("wb") as fh:
            while fh.tell() + len(chunk) <= size_mb << 20:
                fh.write(chunk)
        return p

    return make


def _control_labels(d: Path) -> Path:
    """Table labels sprinkled with C0 controls, DEL, bidi overrides and zero-width characters."""
    rng = random.Random(5)
    text = _tables_text()
    junk = ["\x01", "\x07", "\x1b", "\x7f", "\u202e", "\u200b", "\u2066", "\ufeff", "\x0b", "\x85", "\u2028"]
    out = []
    for ch in text:
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and rng.random() < 0.01:
            out.append(rng.choice(junk))
    p = d / "control_labels.txt"
    p.write_text("".join(out), encoding="utf-8")
    return p


def _control_labels_html(d: Path) -> Path:
    t = random_tables(random.Random(2))
    html = report_html(t, label=lambda s: s[:2] + "\x01\u202e\x7f" + s[2:] if len(s) > 3 else s)
    p = d / "control_labels.html"
    p.write_text(html, encoding="utf-8")
    return p


def _nul_text(every: int) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        text = _tables_text()
        out = "".join(ch + ("\x00" if i % every == 0 else "") for i, ch in enumerate(text))
        p = d / f"nul_every_{every}.txt"
        p.write_text(out, encoding="utf-8")
        return p

    return make


def _nul_html(d: Path) -> Path:
    html = report_html(random_tables(random.Random(3))).replace("一、总体情况", "一、总\x00体情况")
    p = d / "nul.html"
    p.write_bytes(html.encode("utf-8").replace(b"</p>", b"\x00</p>"))
    return p


def _nested_html(depth: int) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        inner = report_html(random_tables(random.Random(4)))
        body = inner[inner.index("<body>") + 6 : inner.index("</body>")]
        p = d / f"nested_{depth}.html"
        p.write_text("<html><head><meta charset='utf-8'></head><body>" + "<div>" * depth + body
                     + "</div>" * depth + "</body></html>", encoding="utf-8")
        return p

    return make


def _nested_tables_html(d: Path) -> Path:
    p = d / "nested_tables.html"
    p.write_text("<meta charset='utf-8'>" + "<table><tr><td>" * 5000 + "某局2023年政府信息公开工作年度报告"
                 + "</td></tr></table>" * 5000, encoding="utf-8")
    return p


def _span_bomb_html(d: Path) -> Path:
    """A small page whose cells claim huge row and column spans (a grid of 10^8 positions)."""
    rows = "".join("<tr><td rowspan=65534 colspan=65534>1</td><td>2</td></tr>" for _ in range(2000))
    html = report_html(random_tables(random.Random(6))).replace(
        "<p>五、存在的主要问题及改进情况</p>", f"<table>{rows}</table><p>五、存在的主要问题及改进情况</p>")
    p = d / "span_bomb.html"
    p.write_text(html, encoding="utf-8")
    return p


def _hostile_html(d: Path) -> Path:
    html = report_html(random_tables(random.Random(7)), extra_head=HOSTILE_HEAD, extra_body=HOSTILE_BODY)
    p = d / "hostile.html"
    p.write_text(html, encoding="utf-8")
    return p


def _xxe_html(d: Path) -> Path:
    html = report_html(random_tables(random.Random(8))).replace("<!DOCTYPE html>", XXE_DOCTYPE)
    html = html.replace("<p>六、其他需要报告的事项</p>", "<p>六、其他需要报告的事项 &ext; &file;</p>")
    p = d / "xxe.htm"
    p.write_text(html, encoding="utf-8")
    return p


def _xxe_docx(d: Path) -> Path:
    p = d / "xxe.docx"
    doctype = ('<!DOCTYPE w:document [<!ENTITY ext SYSTEM "http://127.0.0.1:9/xxe">'
               '<!ENTITY file SYSTEM "file:///etc/passwd">]>')
    lines = ["某市交通运输局2023年政府信息公开工作年度报告", "一、总体情况", "外部实体：&ext;", "文件：&file;"]
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        _docx_skeleton(zf, _docx_paragraphs(lines, doctype))
    return p


def _billion_laughs_docx(d: Path) -> Path:
    p = d / "laughs.docx"
    ents = '<!ENTITY l0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        _docx_skeleton(zf, _docx_paragraphs(["某局2023年政府信息公开工作年度报告", "&l9;"],
                                            f"<!DOCTYPE w:document [{ents}]>"))
    return p


def _billion_laughs_html(d: Path) -> Path:
    ents = '<!ENTITY l0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    p = d / "laughs.html"
    p.write_text(f"<!DOCTYPE html [{ents}]><html><head><meta charset='utf-8'></head><body>"
                 "<p>某局2023年政府信息公开工作年度报告</p><p>&l9;</p></body></html>", encoding="utf-8")
    return p


SUFFIXES = (".pdf", ".txt", ".html", ".htm", ".docx", ".png", ".jpg", ".tif")  # images: OCR (tests/test_ocr.py has the rest)

CASES: list[Case] = [
    *[Case(f"empty{s}", _write(f"empty{s}", b""), False) for s in SUFFIXES],
    *[Case(f"random{s}", _write(f"random{s}", lambda: _random_bytes(65536, 1)), False) for s in SUFFIXES],
    Case("random_magic.pdf", _write("random_magic.pdf", lambda: b"%PDF-1.7\n" + _random_bytes(65536, 2) + b"\n%%EOF\n"),
         False),
    Case("random_magic.docx", _write("random_magic.docx", lambda: b"PK\x03\x04" + _random_bytes(65536, 3)), False),
    Case("random_magic.html", _write("random_magic.html", lambda: b"<html><body>" + _random_bytes(65536, 4)), False),
    Case("truncated.pdf", _truncated_pdf, False),
    Case("cut_middle.pdf", _cut_middle_pdf, None),
    Case("encrypted_user_password.pdf", _with("encrypted_user_password.pdf", _encrypted_pdf("secret")), False),
    Case("encrypted_owner_only.pdf", _with("encrypted_owner_only.pdf", _encrypted_pdf("")), None),
    Case("3000_pages.pdf", _with("3000_pages.pdf", thousands_of_pages_pdf), None),
    Case("huge_stream.pdf", _write("huge_stream.pdf", huge_stream_pdf), None),
    # pdfium would inflate this in memory and abort the process: the reader refuses it first.
    Case("huge_stream_1GB.pdf", _write("huge_stream_1GB.pdf", lambda: huge_stream_pdf(1024)), False),
    Case("zip_bomb.docx", _with("zip_bomb.docx", zip_bomb_docx), False),
    Case("zip_bomb_lying.docx", _with("zip_bomb_lying.docx", lambda p: zip_bomb_docx(p, lie=True)), False),
    Case("xxe.docx", _xxe_docx, None),
    Case("billion_laughs.docx", _billion_laughs_docx, None),
    Case("hostile.html", _hostile_html, True),
    Case("xxe.htm", _xxe_html, True),
    Case("billion_laughs.html", _billion_laughs_html, None),
    Case("200MB.txt", _big_text(200, "200MB.txt"), False),
    Case("45MB.txt", _big_text(45, "45MB.txt"), None),  # read within the bound (about 0.4 GB)
    Case("nested_100000.html", _nested_html(100_000), None),
    Case("nested_tables.html", _nested_tables_html, None),
    Case("span_bomb.html", _span_bomb_html, None),
    Case("control_labels.txt", _control_labels, None),
    Case("control_labels.html", _control_labels_html, None),
    Case("nul_every_50.txt", _nul_text(50), None),
    Case("nul_every_2000.txt", _nul_text(2000), None),
    Case("nul.html", _nul_html, None),
]


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.mark.slow
@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else [])
     for c in CASES],
)
def test_hostile_file(case: Case, corpus_dir: Path) -> None:
    path = case.make(corpus_dir)
    try:
        outcome = run_bounded(path)
        r = assert_clean(outcome, readable=case.readable)
    finally:
        if path.stat().st_size > 10 << 20:
            path.unlink()  # the big ones are not needed after their run
    assert outcome.seconds < TIME_LIMIT
    if case.name == "hostile.html" or case.name == "xxe.htm":
        assert r["tables"] == ["applications", "article20", "reviews"]


# --------------------------------------------------------------------------- in-process, network fixture


@pytest.fixture
def no_network() -> Iterator[list[str]]:
    """socket.socket / create_connection / getaddrinfo raise; the test asserts none was tried."""
    with block_network() as attempts:
        yield attempts
    assert attempts == [], f"something tried to connect: {attempts}"


def test_fixture_blocks(no_network: list[str]) -> None:
    import socket

    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", 9))
    assert len(no_network) == 1
    no_network.clear()


@pytest.mark.parametrize("make", [_hostile_html, _xxe_html, _xxe_docx, _control_labels_html, _nul_html],
                         ids=["hostile.html", "xxe.htm", "xxe.docx", "control_labels.html", "nul.html"])
def test_nothing_fetched_in_process(make: Callable[[Path], Path], tmp_path: Path, no_network: list[str]) -> None:
    from core.pipeline import analyze

    a = analyze(make(tmp_path))
    text = a.document.text if a.document else ""
    assert "root:" not in text  # /etc/passwd never pulled in by an entity
    for hidden in ("框架内容", "对象内容", "fetch(", "@import"):
        assert hidden not in text
    if make is _hostile_html:
        assert a.report.error is None and set(a.report.tables) == {"applications", "article20", "reviews"}
