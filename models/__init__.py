"""Torch networks of MineWatch, their registry and the checkpoint format.

Nothing here may import ``qgis``; torch is imported by the modules that
need it, never by this package file, so the plugin loads without torch.
"""
