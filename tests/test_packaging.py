"""The package as installed: every module and data file ships, found the same way as in source."""

from __future__ import annotations

import tomllib
from pathlib import Path

from marac_desk import paths

ROOT = Path(__file__).resolve().parent.parent


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def _shipped_folders() -> dict[str, Path]:
    """Each package the wheel ships, with the folder it is built from."""
    folders = {
        ".".join(init.parent.relative_to(ROOT).parts): init.parent
        for init in (ROOT / "marac_desk").rglob("__init__.py")
    }
    for name in ("resources", "migrations"):
        top = ROOT / name
        for folder in (top, *(p for p in top.rglob("*") if p.is_dir())):
            if "__pycache__" not in folder.parts:
                parts = ("marac_desk", name, *folder.relative_to(top).parts)
                folders[".".join(parts)] = folder
    return folders


def test_every_source_package_is_listed_for_the_wheel() -> None:
    """A subpackage or data folder left out of pyproject's list is missing from the wheel only."""
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])  # type: ignore[index]
    assert set(_shipped_folders()) == listed


def test_every_shipped_data_file_matches_a_package_data_pattern() -> None:
    """A new kind of resource (an icon, a template) must be named in package-data too."""
    data = _pyproject()["tool"]["setuptools"]["package-data"]  # type: ignore[index]
    for package, folder in _shipped_folders().items():
        if package.startswith(("marac_desk.resources", "marac_desk.migrations")):
            for path in folder.iterdir():
                if path.is_file() and path.name != "__init__.py":
                    patterns = data.get(package, [])
                    assert any(path.match(p) for p in patterns), f"{path.relative_to(ROOT)}"


def test_data_folders_are_found_through_the_package() -> None:
    assert paths.resources_dir().resolve() == (ROOT / "resources").resolve()
    assert paths.migrations_dir().resolve() == (ROOT / "migrations").resolve()
    assert (paths.resources_dir() / "style.qss").is_file()
    assert sorted(paths.migrations_dir().glob("*.sql"))
