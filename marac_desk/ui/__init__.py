"""The Qt layer: the only package that imports PySide6."""

# The core is imported before PySide6 on purpose. Once PySide6 is loaded, its import
# hook (for `from __feature__ import ...`) reads the source of every module imported
# after it; importing the vault and its dependencies first spares start-up that work.
import marac_desk.storage.vault  # noqa: F401
