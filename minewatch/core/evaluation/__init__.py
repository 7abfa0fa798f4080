"""Scoring a class map against a reference (methods §1 evaluation): the
confusion matrix and IoU / recall / precision / Dice / OA / kappa
(:mod:`.metrics`), streamed over two rasters or reference polygons
(:mod:`.evaluate`), and the HTML/JSON report with its confusion-matrix
figure (:mod:`.report`, :mod:`.confusion_svg`)."""
