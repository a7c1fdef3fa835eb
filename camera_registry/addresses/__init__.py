"""Address resolution: from what people type to a point or a unit, saying how sure it is."""
