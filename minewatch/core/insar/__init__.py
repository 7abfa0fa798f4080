"""PS-InSAR (methods §3, the patent, and the bowl detector beyond it).

Reading: PS tables and their dates (:mod:`.reader`, :mod:`.dates`; StaMPS
exports :mod:`.stamps_export`, MintPy / LiCSBAS grids :mod:`.grid_series`),
displacement to settlement in mm (:mod:`.series`), the radar band from the
revisit (:mod:`.radar_band`), PS candidates by amplitude dispersion
(:mod:`.candidates`).

Detecting: the default "Subsidence bowls" detector (:mod:`.robust`:
background removal, unwrapping jumps, smoothed cumulative settlement,
one site per bowl with its period) with a per-PS motion model
(:mod:`.ps_model`: mining break, new-building consolidation, seasonal
term) and its tiled run for large files or a Dask cluster
(:mod:`.ps_tiles`); the patent's step / gradient / cumulative cascade
(:mod:`.cascade`, with :mod:`.neighbours`), kept selectable as the
baseline.

Results: which PS lie on which building (:mod:`.overlay`), suspected
sites (:mod:`.sites`), their licensed-area status and that of the flagged
buildings (:mod:`.licensing`) and the inspector's HTML report
(:mod:`.site_report`).

The entry point: :func:`.detection.detect_subsidence` runs the whole
pipeline, in memory or on tiles; the Processing algorithm and the benches
call it."""
