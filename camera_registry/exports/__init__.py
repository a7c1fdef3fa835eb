"""Export of the camera registry: CSV, XLSX, GeoJSON and GeoPackage that import back as they are."""
