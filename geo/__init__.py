"""Pure geometry for camreg: view sectors, coordinate systems, coverage.

Nothing here imports a web framework, an ORM or the application's settings;
everything takes and returns plain numbers and shapely geometries in
WGS84 longitude/latitude (EPSG:4326) unless a function says otherwise.
"""

from geo.errors import GeometryInputError
from geo.fov import view_sector

__all__ = ["GeometryInputError", "view_sector"]
