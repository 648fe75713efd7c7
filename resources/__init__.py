"""Data files marac-desk ships (style sheet, fonts, checklists, default agencies); see paths."""
