"""The headless CLI on files that are not (readable) annual reports.

Every bad file gets a clear Chinese message in its report's ``error`` and exit status 2;
no Python traceback, no hang; good files next to a bad one are still checked in full.
The JSON Lines output holds one object per line and nothing else; progress is on stderr.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests import fixturegen as fg
from tests.corpus import corpus_path, seed, seed_files
from tests.helpers.procs import children, still_running

ROOT = Path(__file__).resolve().parent.parent
REAL_PDF = corpus_path("real/2024_huaian-city.pdf")
TIMEOUT = 120
_CJK = re.compile(r"[\u4e00-\u9fff]")

NEWS = (
    "本报讯（记者 王晓明）昨日上午，第十二届城市马拉松在滨江公园鸣枪开跑，来自全国各地的两万余名跑者参加比赛。\n"
    "赛事组委会介绍，今年的赛道沿江而设，途经老城区、科技园和湿地公园，全程四十二点一九五公里。\n"
    "比赛当天天气晴好，气温适宜，沿途市民自发为选手加油助威。男子组冠军以两小时十一分的成绩冲线，"
    "女子组冠军成绩为两小时二十七分。\n"
    "组委会表示，明年将进一步优化补给点设置，提升赛事服务水平。\n"
)
RECIPE = [
    "红烧肉的做法",
    "主料：五花肉五百克。辅料：冰糖三十克、生抽两勺、老抽一勺、料酒两勺、葱姜适量、八角两个。",
    "一、五花肉切成三厘米见方的块，冷水下锅焯水，撇去浮沫后捞出沥干。",
    "二、锅中放少许油，下冰糖小火炒出糖色，倒入肉块翻炒上色。",
    "三、加入葱姜、八角、料酒、生抽和老抽，倒入开水没过肉块，大火烧开后转小火炖四十分钟。",
    "四、大火收汁，汤汁浓稠后即可出锅。",
]


def run_cli(*args: str | Path, timeout: int = TIMEOUT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "main.py", "check", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env=env,
    )


def json_lines(proc: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    """stdout must be JSON Lines and nothing else."""
    lines = proc.stdout.splitlines()
    assert lines, f"no output; stderr: {proc.stderr[-2000:]}"
    out = []
    for line in lines:
        obj = json.loads(line)  # raises on anything that is not one JSON object per line
        assert isinstance(obj, dict)
        out.append(obj)
    return out


def assert_clean_stderr(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]


def assert_unreadable(proc: subprocess.CompletedProcess[str], n: int = 1) -> dict[str, Any]:
    assert_clean_stderr(proc)
    reports = json_lines(proc)
    assert len(reports) == n
    assert proc.returncode == 2, (proc.returncode, reports[0].get("error"))
    rep = reports[0]
    assert rep["error"], rep
    assert _CJK.search(rep["error"]), f"not a Chinese message: {rep['error']!r}"
    assert "Traceback" not in rep["error"]
    return rep


def _pdf(path: Path, lines: list[str], encrypt: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    c.setFont("STSong-Light", 11)
    y = 800
    for line in lines:
        for i in range(0, len(line), 40):
            c.drawString(50, y, line[i : i + 40])
            y -= 18
    c.save()
    return path


# --- one bad file ------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    rep = assert_unreadable(run_cli(p, "--json"))
    assert "空" in rep["error"]


@pytest.mark.parametrize("suffix", [".pdf", ".txt"])
def test_random_bytes(tmp_path: Path, suffix: str) -> None:
    p = tmp_path / f"random{suffix}"
    p.write_bytes(random.Random(42).randbytes(200_000))
    assert_unreadable(run_cli(p, "--json"))


def test_truncated_pdf(tmp_path: Path) -> None:
    data = REAL_PDF.read_bytes()
    p = tmp_path / "truncated.pdf"
    p.write_bytes(data[: len(data) // 2])
    assert_unreadable(run_cli(p, "--json"))


def test_encrypted_pdf(tmp_path: Path) -> None:
    spec = fg.consistent("2021", 2023, seed=7)
    p = fg.write_pdf(spec, tmp_path / "encrypted.pdf", encrypt="secret-password")
    assert p.read_bytes().find(b"/Encrypt") >= 0
    rep = assert_unreadable(run_cli(p, "--json"))
    assert re.search(r"加密|密码", rep["error"]), rep["error"]


def test_news_article_txt(tmp_path: Path) -> None:
    p = tmp_path / "news.txt"
    p.write_text(NEWS * 3, encoding="utf-8")
    assert_unreadable(run_cli(p, "--json"))


def test_recipe_pdf(tmp_path: Path) -> None:
    p = _pdf(tmp_path / "recipe.pdf", RECIPE)
    assert_unreadable(run_cli(p, "--json"))


def test_very_large_text(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    chunk = ("本年度共收到政府信息公开申请3件。" * 1000 + "\n").encode("utf-8")
    with p.open("wb") as fh:
        for _ in range(70 * 1024 * 1024 // len(chunk) + 1):
            fh.write(chunk)
    assert p.stat().st_size >= 70 * 1024 * 1024
    assert_unreadable(run_cli(p, "--json", timeout=60))


def test_docx_not_a_zip(tmp_path: Path) -> None:
    p = tmp_path / "report.docx"
    p.write_text("这不是一个 Word 文档，只是一段文字。", encoding="utf-8")
    assert_unreadable(run_cli(p, "--json"))


def test_missing_path(tmp_path: Path) -> None:
    proc = run_cli(tmp_path / "nope.txt", "--json")
    assert_clean_stderr(proc)
    assert proc.returncode == 2


# --- a folder: one bad file among good ones ------------------------------------------------------


def test_folder_with_one_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    seeds = seed_files()[:2]
    for s in seeds:
        shutil.copy(s, folder / s.name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + random.Random(1).randbytes(5000))
    proc = run_cli(folder, "--json", "--jobs", "2")
    assert_clean_stderr(proc)
    reports = json_lines(proc)
    assert proc.returncode == 2
    by_name = {Path(r["file"]).name: r for r in reports}
    assert set(by_name) == {*(s.name for s in seeds), "broken.pdf"}
    bad = by_name["broken.pdf"]
    assert bad["error"] and _CJK.search(bad["error"])
    for s in seeds:
        good = by_name[s.name]
        assert good["error"] is None
        assert good["source_format"] == "txt" and good["encoding"]
        assert good["template"] in ("2019", "2021")
        assert good["year"] and good["sections"]
        assert good["tables"].get("applications"), "good file not fully checked"
        assert len(good["sha256"]) == 64


# --- output discipline and exit status ----------------------------------------------------------


def test_exit_0_consistent_and_json_only_on_stdout(tmp_path: Path) -> None:
    p = fg.write_txt(fg.consistent("2021", 2023, seed=7), tmp_path / "ok.txt")
    proc = run_cli(p, "--json")
    assert_clean_stderr(proc)
    (rep,) = json_lines(proc)
    assert rep["error"] is None
    assert not [f for f in rep["findings"] if f["severity"] == "error"]
    assert proc.returncode == 0


def test_exit_1_on_error_finding(tmp_path: Path) -> None:
    spec, _ = fg.fault_balance(fg.consistent("2021", 2023, seed=7))
    p = fg.write_txt(spec, tmp_path / "bad_balance.txt")
    proc = run_cli(p, "--json")
    assert_clean_stderr(proc)
    (rep,) = json_lines(proc)
    assert any(f["rule"] == "balance" and f["severity"] == "error" for f in rep["findings"])
    assert proc.returncode == 1


def test_progress_only_on_stderr(tmp_path: Path) -> None:
    """Several files: progress may be shown, but on stderr; stdout stays pure JSON Lines."""
    for i in range(5):
        fg.write_txt(fg.consistent("2021", 2023, seed=i), tmp_path / f"r{i}.txt")
    proc = run_cli(tmp_path, "--json", "--jobs", "2")
    assert_clean_stderr(proc)
    reports = json_lines(proc)
    assert len(reports) == 5
    assert all(r["error"] is None for r in reports)
    assert proc.returncode in (0, 1)


def test_human_output_not_json(tmp_path: Path) -> None:
    """Without --json the summary is for people (and still no traceback on a bad file)."""
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = run_cli(tmp_path / "empty.txt")
    assert_clean_stderr(proc)
    assert proc.returncode == 2
    assert "无法读取" in proc.stdout


@pytest.mark.linux  # SIGTERM, and /proc to find the workers
def test_sigterm_ends_check_and_its_workers(tmp_path: Path) -> None:
    """A pipeline's timeout sends SIGTERM: the command ends at once, says so, and leaves
    no worker finishing its file behind it."""
    import signal
    import time

    folder = tmp_path / "报告 文件夹"
    folder.mkdir()
    for i in range(40):
        shutil.copy(seed("003_8892f81a886242bc.txt"), folder / f"{i:02d}.txt")
    env = dict(os.environ, REVIEWDESK_HOME=str(tmp_path / "home"))
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "check", str(folder), "--jobs", "2"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not workers and proc.poll() is None:
            time.sleep(0.1)
            workers = children(proc.pid)
        assert workers, "check started no worker process"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130
        text = err.decode("utf-8")
        assert "中断" in text and "Traceback" not in text
        assert not still_running(workers)
    finally:
        if proc.poll() is None:
            proc.kill()


