"""The egg Scrapyd runs holds the crawler and nothing else, and runs without the dev requirements.

The egg is built as `make deploy` builds it (`scrapyd-deploy --build-egg`, from a clean copy of the
checkout); its modules are then imported from the egg alone, in a Python that refuses every
package the test, lint and benchmark requirements bring (pytest, hypothesis, scrapyd...).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from scrapyd_server import checkout_copy, isolated_env, scrapyd_deploy

from testground.replica.process import PACKAGE_ROOT

PACKAGE_DATA = {
    "mayadeen/schema/article.schema.json",
    # `make browse`: Datasette's metadata, templates and the plots' script.
    "mayadeen/browse/metadata.yaml",
    "mayadeen/browse/templates/row-mayadeen-articles.html",
    "mayadeen/browse/templates/pages/plots.html",
    "mayadeen/browse/static/plots.js",
}

# Run in a child Python: refuse the modules named in argv[1] (JSON), then import every module of
# the `mayadeen` found on the path (the egg) and print what was imported and what failed.
IMPORT_EVERYTHING = """
import importlib, importlib.abc, json, pkgutil, sys, traceback

refused = frozenset(json.loads(sys.argv[1]))
at_start = set(sys.modules)  # setuptools' .pth imports _distutils_hack before any code runs


class RefuseDevRequirements(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.partition(".")[0] in refused:
            raise ModuleNotFoundError(f"{name} is a dev requirement", name=name)
        return None


sys.meta_path.insert(0, RefuseDevRequirements())
import mayadeen

names, failed = ["mayadeen"], {}
for module in pkgutil.walk_packages(mayadeen.__path__, "mayadeen.", onerror=names.append):
    names.append(module.name)
for name in names:
    try:
        importlib.import_module(name)
    except BaseException:
        failed[name] = traceback.format_exc(limit=-3)
print(json.dumps({"file": mayadeen.__file__, "imported": names, "failed": failed,
                  "refused_loaded": sorted((set(sys.modules) - at_start) & refused)}))
"""


def requirement_names(path: Path) -> set[str]:
    """Distribution names pinned in a requirements file (not those of files it includes)."""
    names = set()
    for line in path.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(_normal(re.split(r"[\[=<>~! ]", line, maxsplit=1)[0]))
    return names


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def dev_only_modules() -> set[str]:
    """Top-level modules that only test, lint and benchmark requirements install."""
    dev = requirement_names(PACKAGE_ROOT / "requirements-dev.txt") | requirement_names(
        PACKAGE_ROOT / "requirements-bench.txt"
    )
    dev -= requirement_names(PACKAGE_ROOT / "requirements.txt")
    installed = {
        module
        for module, distributions in packages_distributions().items()
        if distributions and all(_normal(d) in dev for d in distributions)
    }
    # Those not installed here (the benchmarks' ones) by the module name their distribution has.
    return installed | {name.replace("-", "_") for name in dev}


def product_modules() -> set[str]:
    """The .py files of the `mayadeen` package in the checkout, as egg paths."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "mayadeen"],
        cwd=PACKAGE_ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return {name for name in listed if name.endswith(".py")}


@pytest.fixture(scope="module")
def egg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    checkout = checkout_copy(tmp_path_factory.mktemp("checkout"))
    path = tmp_path_factory.mktemp("egg") / "mayadeen.egg"
    scrapyd_deploy(checkout, "--build-egg", str(path))
    return path


def test_the_egg_holds_the_crawler_modules_and_its_schema_only(egg: Path):
    with zipfile.ZipFile(egg) as archive:
        names = {n for n in archive.namelist() if not n.endswith("/")}
    metadata = {n for n in names if n.startswith("EGG-INFO/")}
    modules = {n for n in names if n.endswith(".py")}
    assert modules == product_modules()
    assert len(modules) > 50 and "mayadeen/spiders/articles.py" in modules
    assert names - metadata - modules == PACKAGE_DATA
    # Nothing of the test ground, the tests, the benchmarks or the deployment files.
    assert not [n for n in names if not n.startswith(("mayadeen/", "EGG-INFO/"))]


def test_every_module_of_the_egg_imports_without_the_dev_requirements(egg: Path, tmp_path: Path):
    refused = dev_only_modules()
    assert {"pytest", "hypothesis", "scrapyd", "scrapyd_client", "trafilatura"} <= refused
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING, json.dumps(sorted(refused))],
        cwd=tmp_path, env=isolated_env(PYTHONPATH=str(egg)), capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["file"].startswith(str(egg))  # the egg's code, not the checkout's
    assert result["failed"] == {}
    assert result["refused_loaded"] == []
    imported = {name.replace(".", "/") for name in result["imported"]}
    assert {m.removesuffix(".py").removesuffix("/__init__") for m in product_modules()} == imported


def test_the_refusing_import_catches_a_product_module_importing_a_dev_requirement(
    tmp_path: Path,
):
    """The check above can fail: a `mayadeen` importing hypothesis is reported."""
    package = tmp_path / "path" / "mayadeen"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "fuzz.py").write_text("import hypothesis\n")
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING, json.dumps(sorted(dev_only_modules()))],
        cwd=tmp_path, env=isolated_env(PYTHONPATH=str(tmp_path / "path")), capture_output=True,
        text=True, timeout=120, check=False,
    )  # fmt: skip
    result = json.loads(done.stdout.splitlines()[-1])
    assert list(result["failed"]) == ["mayadeen.fuzz"]
    assert "hypothesis is a dev requirement" in result["failed"]["mayadeen.fuzz"]
