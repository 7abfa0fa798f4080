"""Values every pipeline shares, defined once.

Class maps are uint8 rasters whose pixel value is the class index
(0 … K−1, K ≤ :data:`MAX_CLASSES`); :data:`CLASS_NODATA` (255) marks a
pixel without a class: nodata in a model's output, and the *ignore* label
in training samples and reference maps (not learnt, not scored).
Probability rasters are float32 in 0–1 with :data:`PROB_NODATA` (−1) where
the class map is nodata.
"""
CLASS_NODATA = 255
IGNORE_LABEL = CLASS_NODATA
MAX_CLASSES = 255
PROB_NODATA = -1.0
# bounds a model file must keep (a larger value is a damaged or hostile file)
MAX_TILE_SIZE = 8192  # px per side of a model's tile
# the smallest tile a segmentation network is run on: its context (the
# encoders' output stride is 16–32 px, DeepLab's image pooling and the CRF
# look farther) needs several strides; a 9 px tile turned 88 % of a scene
# into background
MIN_TILE_SIZE = 64
MAX_BANDS = 256  # input bands of a model
