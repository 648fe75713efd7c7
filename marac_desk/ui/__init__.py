"""The Qt layer: the only package that imports PySide6."""

# The vault's modules (and the cryptography under them) are not imported here: the sign-in
# screen is painted first, and they load while the user name and password are typed
# (ui.preparing), or while the password's key is derived.
