"""Where the vault lives and where the app's own resources and migrations are found."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "marac-desk"
DATA_DIR_ENV = "MARAC_DESK_DATA_DIR"
VAULT_FILE = "vault.db"
KEYSLOTS_FILE = "keyslots.json"
SAFETY_COPIES_DIR = "safety-copies"
# An empty file: this computer's keychain holds the vault key (see storage.vault).
REMEMBERED_NOTE = "remembered-on-this-computer"


def _bundle_root() -> Path:
    """The folder that holds resources/ and migrations/, source tree or frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return _bundle_root() / "resources"


def migrations_dir() -> Path:
    return _bundle_root() / "migrations"


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
