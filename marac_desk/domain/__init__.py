"""The rules of a MARAC, in pure Python: no files, no SQL, no Qt."""
