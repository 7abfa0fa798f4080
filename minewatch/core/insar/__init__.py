"""PS-InSAR (methods §3, the patent): PS candidates by amplitude dispersion
(:mod:`.candidates`), reading PS tables and their dates (:mod:`.reader`,
:mod:`.dates`), displacement to settlement in mm (:mod:`.series`), which PS
lie on which building (:mod:`.overlay`), neighbours within a radius
(:mod:`.neighbours`), the step / gradient / cumulative cascade
(:mod:`.cascade`) and suspected sites with their licensed-area status
(:mod:`.sites`)."""
