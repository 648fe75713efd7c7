"""marac-desk: running MARACs from an encrypted local vault."""

__version__ = "0.1.0"
