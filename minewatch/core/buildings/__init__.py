"""Building extraction (methods §2, patent step 1): a building network (the
patent's SegNet, or the shipped U-Net on an EfficientNet-Lite0 encoder
trained on real imagery) over a scene through :mod:`..inference`, each tile refined by a fully connected
CRF (:mod:`.dense_crf`, :mod:`.crf_predict`), then building outlines
(:mod:`.outlines`) squared to right angles (:mod:`.regularize`);
:mod:`.extraction` puts them together."""
