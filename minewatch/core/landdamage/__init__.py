"""Mine land-damage classification (methods §1, the paper): a model over a
scene through :mod:`..inference` (:mod:`.classify`), the area of each class
and damage type (excavation 挖损, occupation 压占) in m², written as CSV or
HTML statistics (:mod:`.area_report`)."""
