"""Geography: distances and travel times, coordinate systems, the gazetteer, road calibration, geocoding."""
