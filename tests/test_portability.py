"""What differs on the reviewers' desks: a GBK console, long paths with 汉字 and spaces, CRLF.

Windows is not buildable here; these run everywhere (and in the Windows job of
.github/workflows/build.yml), simulating the desk where they can.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAULTY = ROOT / "resources" / "samples" / "示例-有问题的报告.txt"
RARE = "𠮷"  # CJK Extension B: in GB18030 and Unicode, not in GBK (cp936)


def _check(args: list[str], tmp: Path, encoding: str | None = None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, REVIEWDESK_HOME=str(tmp / "home"), QT_QPA_PLATFORM="offscreen")
    if encoding:
        env["PYTHONIOENCODING"] = encoding  # what a redirected cp936 console gives Python
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "check", *args], env=env,
                          capture_output=True, timeout=120, check=False)


def _report_with_rare_name(tmp: Path) -> Path:
    text = FAULTY.read_text(encoding="utf-8").replace("示例县数据管理局", f"示例县{RARE}数据管理局")
    assert RARE in text
    path = tmp / "报告.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_summary_on_a_gbk_console_replaces_what_gbk_lacks(tmp_path: Path) -> None:
    res = _check([str(_report_with_rare_name(tmp_path))], tmp_path, encoding="gbk")
    err = res.stderr.decode("gbk", errors="replace")
    assert res.returncode == 1, err  # 1: the sample's error findings, not a crash
    assert "UnicodeEncodeError" not in err and "内部错误" not in err
    out = res.stdout.decode("gbk")  # every byte is GBK
    assert "示例县?数据管理局" in out and "错误" in out


def test_json_lines_are_utf8_whatever_the_console(tmp_path: Path) -> None:
    res = _check([str(_report_with_rare_name(tmp_path)), "--json"], tmp_path, encoding="gbk")
    assert res.returncode == 1, res.stderr.decode("gbk", errors="replace")
    report = json.loads(res.stdout.decode("utf-8"))
    assert report["agency"] == f"示例县{RARE}数据管理局"


def test_long_path_with_chinese_and_spaces(tmp_path: Path) -> None:
    folder = tmp_path
    while len(str(folder)) < 270:  # past Windows' old MAX_PATH of 260
        folder = folder / "政府信息公开 年度报告 2024"
    folder.mkdir(parents=True)
    target = folder / "示例 有问题的报告.txt"
    shutil.copyfile(FAULTY, target)
    assert len(str(target)) > 260
    res = _check([str(target), "--json"], tmp_path)
    report = json.loads(res.stdout.decode("utf-8"))
    assert report["error"] is None and report["file"] == str(target)
    assert {"column_sum", "blank_cell"} <= {f["rule"] for f in report["findings"]}


def test_crlf_text_reads_as_lf_text(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(FAULTY.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    assert b"\r\n" in crlf.read_bytes()
    lf = json.loads(_check([str(FAULTY), "--json"], tmp_path).stdout)
    windows = json.loads(_check([str(crlf), "--json"], tmp_path).stdout)
    assert [(f["rule"], f.get("cells")) for f in windows["findings"]] == [(f["rule"], f.get("cells")) for f in lf["findings"]]
    assert windows["tables"].keys() == lf["tables"].keys()


# --- Windows refuses os.replace onto a file another program holds open ----------------------
def _refusing(times: int, calls: list[int]):  # type: ignore[no-untyped-def]
    real = os.replace

    def fake(src, dst):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) <= times:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        real(src, dst)

    return fake


def test_a_moment_of_refusal_is_waited_out(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from core import atomic

    calls: list[int] = []
    monkeypatch.setattr(atomic.os, "replace", _refusing(3, calls))
    src, dst = tmp_path / "new", tmp_path / "sheet.xlsx"
    src.write_text("new", encoding="utf-8")
    dst.write_text("old", encoding="utf-8")
    atomic.replace_file(src, dst, attempts=20)  # Windows' default
    assert dst.read_text(encoding="utf-8") == "new" and len(calls) == 4


def test_a_sheet_open_in_excel_gives_a_clear_message_and_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from core import atomic
    from core.export import write_sheet_file

    target = tmp_path / "审阅单.xlsx"
    target.write_bytes(b"old sheet")
    calls: list[int] = []
    monkeypatch.setattr(atomic.os, "replace", _refusing(10**6, calls))
    try:
        write_sheet_file(target, lambda tmp: tmp.write_bytes(b"new sheet"))
    except PermissionError as exc:
        assert "请关闭后重试" in str(exc) and "审阅单.xlsx" in str(exc)
    else:
        raise AssertionError("a refused replace must be reported")
    assert target.read_bytes() == b"old sheet"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["审阅单.xlsx"]  # no temp file left behind


# --- no POSIX-only call on a path Windows takes -------------------------------------------
POSIX_ONLY_MODULES = {"fcntl", "pwd", "grp", "termios", "resource", "posix"}
POSIX_ONLY_CALLS = {"fork", "forkpty", "killpg", "setsid", "getuid", "geteuid", "getgid", "getpgid", "setpgrp"}
POSIX_ONLY_SIGNALS = {"SIGKILL", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGPIPE", "SIGQUIT"}


def _program_files() -> list[Path]:
    return [ROOT / "main.py", *sorted((ROOT / "core").rglob("*.py")), *sorted((ROOT / "gui").rglob("*.py"))]


def test_the_program_makes_no_posix_only_call() -> None:
    import ast

    found = []
    for path in _program_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = {  # `hasattr(os, "getuid")` before the call makes it portable
            node.args[1].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "hasattr" and len(node.args) == 2
            and isinstance(node.args[1], ast.Constant)
        }  # fmt: skip
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                found += [f"{where} imports {n}" for n in names if n.split(".")[0] in POSIX_ONLY_MODULES]
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if node.value.id == "os" and node.attr in POSIX_ONLY_CALLS and node.attr not in guarded:
                    found.append(f"{where} os.{node.attr}")
                if node.value.id == "signal" and node.attr in POSIX_ONLY_SIGNALS:
                    found.append(f"{where} signal.{node.attr}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("/proc/"):
                found.append(f"{where} reads {node.value}")
    assert not found, found
