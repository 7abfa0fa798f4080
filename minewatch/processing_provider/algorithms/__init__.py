"""The algorithms of the MineWatch Processing provider, one module each:
parameters in, one engine call, outputs out. What they share (the base
class, destinations, QGIS I/O, styles, translation) lives one level up in
:mod:`minewatch.processing_provider`."""
