"""bench/reliability.py, the runner of issue 9's figures: failed sections are failed rows, work
directories are kept only when needed, the README table is replaced between its markers."""

import sys
import types
from pathlib import Path

import pytest

from bench import reliability
from bench.reliability import Figure, run_area, table, write_readme


def _area(monkeypatch: pytest.MonkeyPatch, name: str, measure) -> list[Path]:
    seen: list[Path] = []

    def recorded(workdir: Path, quick: bool):
        seen.append(workdir)
        assert workdir.is_dir() and quick is True
        return measure()

    module = types.ModuleType(f"bench.reliability_{name}")
    module.measure = recorded
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return seen


def test_a_section_that_raises_or_measures_nothing_is_a_failed_row(
    monkeypatch, capsys, tmp_path
) -> None:
    def boom():
        raise RuntimeError("replica did not start")

    workdirs = _area(monkeypatch, "boom", boom)
    figures, _ = run_area("boom", quick=True, root=tmp_path)
    assert figures == [Figure("boom", "section ran", "raised (see stderr)", "no error", False)]
    assert workdirs[0].is_dir()  # kept for a look
    assert "RuntimeError: replica did not start" in capsys.readouterr().err
    _area(monkeypatch, "empty", list)
    assert run_area("empty", quick=True, root=tmp_path)[0] == [
        Figure("empty", "section ran", "no figures", "figures", False)
    ]


def test_a_section_that_held_leaves_no_work_directory(monkeypatch, tmp_path) -> None:
    held = [Figure("fine", "articles once", "3/3", "3/3", True)]
    workdirs = _area(monkeypatch, "fine", lambda: held)
    assert run_area("fine", quick=True, root=tmp_path)[0] == held
    assert not workdirs[0].exists()
    assert run_area("fine", quick=True, keep=True, root=tmp_path)[0] == held
    assert workdirs[1].is_dir()


def test_table_and_readme_block(tmp_path) -> None:
    text = table([Figure("faults", "duplicates", "0", "0", True),
                  Figure("crash", "rows lost", "2", "0", False)])  # fmt: skip
    assert text == (
        "| area | check | measured | expected | |\n|---|---|---|---|---|\n"
        "| faults | duplicates | 0 | 0 | held |\n| crash | rows lost | 2 | 0 | **failed** |"
    )
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n{reliability.README_START}\nold\n{reliability.README_END}\nafter\n")
    write_readme(readme, "new table")
    assert readme.read_text() == (
        f"# x\n{reliability.README_START}\nnew table\n{reliability.README_END}\nafter\n"
    )
    readme.write_text("no markers\n")
    with pytest.raises(SystemExit, match="markers"):
        write_readme(readme, "new table")
