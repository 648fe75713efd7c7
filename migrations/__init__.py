"""The numbered SQL migrations, shipped inside the package; see storage.migrations."""
