"""The one tiled model-inference path. :func:`.network_run.run_network` runs a
``predict`` callable over a scene described by a model's metadata: bands
(:mod:`.settings`), scene statistics and scaling (:mod:`.scene_scaling`),
tiles (:mod:`.tile_grid`, :mod:`.tile_reader`), normalisation,
batched prediction and taper blending (:mod:`.engine`, :mod:`.blending`),
streamed writes (:mod:`.writers`), class names and style. A task only adds
what is its own (a ``refine`` hook such as the dense CRF, its outputs).
:mod:`.torch_predict` wraps a torch model; nothing else imports torch."""
