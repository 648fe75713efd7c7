"""Where the vault lives and where the app's own resources and migrations are found."""

from __future__ import annotations

import importlib.resources
import os
import sys
from pathlib import Path

import platformdirs

from marac_desk.errors import InstallError

APP_NAME = "marac-desk"
DATA_DIR_ENV = "MARAC_DESK_DATA_DIR"
VAULT_FILE = "vault.db"
KEYSLOTS_FILE = "keyslots.json"
SAFETY_COPIES_DIR = "safety-copies"
# An empty file: this computer's keychain holds the vault key (see storage.vault).
REMEMBERED_NOTE = "remembered-on-this-computer"


def _shipped_folder(package: str, frozen_name: str) -> Path:
    """A folder of data files shipped inside the package, as a real path on disk.

    resources/ and migrations/ sit at the top of the repository; setuptools maps them into
    the package as marac_desk.resources and marac_desk.migrations, so importlib.resources
    finds them in a source checkout (editable install), an installed wheel and, through
    PyInstaller's extraction folder, the one-folder bundle alike.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / frozen_name
    try:
        found = importlib.resources.files(package)
    except ModuleNotFoundError as exc:
        raise InstallError(
            f"marac-desk's {frozen_name} are missing from this installation ({package}). "
            "Reinstall marac-desk; no vault was touched."
        ) from exc
    if not isinstance(found, Path):
        # A zipped install would hand back a reader, not a folder; fonts and migrations
        # are opened by path, so refuse plainly rather than fail later.
        raise InstallError(
            f"marac-desk's {frozen_name} are inside a zip file, which marac-desk cannot use. "
            "Install it as an ordinary wheel (pip install)."
        )
    return found


def resources_dir() -> Path:
    return _shipped_folder("marac_desk.resources", "resources")


def migrations_dir() -> Path:
    return _shipped_folder("marac_desk.migrations", "migrations")


def default_data_dir() -> Path:
    """The platform's user data folder; roaming is off so a vault never syncs to a server."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(cli_value: str | None) -> Path:
    """`--data-dir` wins, then MARAC_DESK_DATA_DIR, then the platform default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env_value = os.environ.get(DATA_DIR_ENV)
    if env_value:
        return Path(env_value).expanduser().resolve()
    return default_data_dir()
