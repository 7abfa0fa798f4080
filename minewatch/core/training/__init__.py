"""Training a segmentation model (SPEC §1 sample sets and training): the
on-disk sample set (:mod:`.samples`), building it from an image and labels
(:mod:`.sample_builder`, block-wise split :mod:`.sample_split`,
augmentation :mod:`.augment`, merging :mod:`.sample_merge`), rare-class
balance (:mod:`.class_balance`), losses (:mod:`.losses`), the trainer in
named steps (:mod:`.trainer`) and the architecture comparison
(:mod:`.comparison`)."""
