"""Reference implementations to check the engine against: the exact
(brute-force) dense CRF and polygon matching for outline scores."""
