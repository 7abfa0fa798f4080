"""Training a segmentation model (the paper's sample sets and training):
the on-disk sample set (:mod:`.samples`), building it from an image and
labels (:mod:`.sample_builder`, block-wise split :mod:`.sample_split`,
augmentation :mod:`.augment`, merging :mod:`.sample_merge`, the output
folder's rules :mod:`.sample_folder`), rare-class balance
(:mod:`.class_balance`), losses (:mod:`.losses`), the batches and
optimiser pieces a training step is made of (:mod:`.batches`), the
supervised trainer (:mod:`.trainer`) with its learning-rate plan
(:mod:`.schedule_plan`), epoch loop (:mod:`.epoch_loop`), validation and
early stopping (:mod:`.validation`) and kept model file
(:mod:`.checkpoint_keeper`), self-supervised pretraining
(:mod:`.pretext`), varied looks (:mod:`.photometric`), several scales
(:mod:`.multiscale`), the start from another model (:mod:`.transfer`) and
the architecture comparison (:mod:`.comparison`)."""
