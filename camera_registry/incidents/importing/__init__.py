"""Bulk import of incidents from CSV or XLSX files."""
