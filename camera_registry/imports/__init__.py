"""Bulk import of camera lists (CSV, Excel, GeoJSON, GeoPackage, Shapefile, KML, OSM).

``service.run_import`` is the one entry point, used by ``camreg import cameras``
and ``POST /cameras/import``: read the file, map its headers, parse and check
every row by the API's rules, assign communes and view sectors set-wise, and
write new and changed cameras in bulk — all of them or (``partial``) the valid
ones — with a row-level report.

GDAL (through pyogrio) is loaded here, when the package is first imported:
pyogrio's wheel carries its own SQLite and PROJ, and if Debian's
``mod_spatialite`` (with the system SQLite and PROJ, loaded ``RTLD_GLOBAL`` by
SQLite) is loaded first, GDAL binds to those instead and crashes writing a
GeoPackage or at exit.  The application imports this package before it opens
any database, so the order is always right.
"""

import pyogrio  # noqa: F401 — must load before mod_spatialite (see above)
