"""The README's Layout section names every module of the product and nothing that is gone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def layout_block(readme: str) -> str:
    return readme.split("## Layout", 1)[1].split("```", 2)[1]


def entries(block: str) -> dict[str, str]:
    """Each entry of the block (a path, then its description over one or more lines)."""
    found: dict[str, str] = {}
    path = None
    for line in block.splitlines():
        if line and not line[0].isspace():
            path, _, text = line.partition(" ")
            found[path] = text
        elif path is not None:
            found[path] += " " + line.strip()
    return found


def layout_problems(block: str, root: Path = ROOT) -> list[str]:
    """Modules not named in the block (a package's modules by name in its entry, a top-level
    module by its path), and modules or packages the block names that do not exist."""
    named = entries(block)
    problems = []
    for module in sorted((root / "mayadeen").rglob("*.py")):
        if module.name in ("__init__.py", "__main__.py") or "__pycache__" in module.parts:
            continue
        relative = module.relative_to(root)
        package = f"{relative.parent}/"
        if package == "mayadeen/":
            ok = str(relative) in named
        else:
            ok = bool(re.search(rf"\b{re.escape(module.stem)}\b", named.get(package, "")))
        if not ok:
            problems.append(f"not named: {relative}")
    for path, text in named.items():
        paths = [path] if path.startswith(("mayadeen/", "testground/")) else []
        paths += [f"{path}{name}" for name in re.findall(r"\b(\w+\.py)\b", text)
                  if path.endswith("/") and path.startswith("mayadeen/")]  # fmt: skip
        for name in paths:
            exists = (root / name).is_dir() if name.endswith("/") else (root / name).is_file()
            if not exists:
                problems.append(f"gone: {name}")
    return problems


def test_the_layout_names_every_module_and_nothing_gone():
    assert layout_problems(layout_block((ROOT / "README.md").read_text("utf-8"))) == []


def test_a_missing_or_stale_name_is_reported():
    block = layout_block((ROOT / "README.md").read_text("utf-8"))
    assert layout_problems(block.replace("profile.py", "profiles.py")) == [
        "not named: mayadeen/profile.py", "gone: mayadeen/profiles.py",
    ]  # fmt: skip
