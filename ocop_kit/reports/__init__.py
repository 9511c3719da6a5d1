"""Printable reports (HTML for the browser's print dialog, PDF with embedded fonts)."""
