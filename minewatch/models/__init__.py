"""Torch networks of MineWatch, their registry and the checkpoint format.

Nothing here may import ``qgis``; torch is imported by the modules that
need it, never by this package file, so the plugin loads without torch.

Conventions for every network: input N×B×H×W float32, each band
normalised as (raw − mean) / std with the statistics stored in the model
file; output logits N×K×H×W at the input size; class index = channel.

* ``registry``    — ``build_model(name, in_channels, num_classes, **kw)``,
  ``list_architectures()`` (no torch until a model is built)
* ``checkpoint``  — ``save_checkpoint``, ``load_checkpoint``, ``read_metadata``
* ``metadata``    — ``ModelMetadata`` (validated; no torch)
* ``classes``     — land-damage and building class tables (no torch)
* ``errors``      — ``CheckpointError``
* ``safetensors_io`` — the pickle-free container
* networks: ``deeplab`` (DeepLabV3+ / SE / CoT variants), ``fcn``, ``unet``,
  ``pspnet``, ``segnet``; blocks: ``backbones``, ``layers``,
  ``layers_cot``, ``layers_senet``
"""
