"""Simulated PS-InSAR data: PS time series over villages with mining bowls
(:mod:`.ps_simulator`) and SAR amplitude stacks (:mod:`.amplitude`)."""
