"""Everything that leaves or enters the vault as a file."""
