"""Monthly effectiveness reports: cameras, incidents, footage, per commune / district / province."""
