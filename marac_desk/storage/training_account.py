"""The training vault's one account, which its lock screen shows.

Kept apart from `storage.training` so that the main window can name it without loading
the generator of the fictional cases.
"""

from __future__ import annotations

TRAINING_USER = "trainee"
# Shown on the training lock screen: the vault is fictional and thrown away at exit.
TRAINING_PASSWORD = "training-only"  # noqa: S105
