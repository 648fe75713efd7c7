"""Key custody: the vault key, its wrapped slots, the keyring cache, users and roles."""
