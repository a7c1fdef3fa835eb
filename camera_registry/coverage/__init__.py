"""Coverage and gaps for planners: per-unit figures, gap geometry, hot spots, placement."""
