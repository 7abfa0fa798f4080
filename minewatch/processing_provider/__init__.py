"""The MineWatch Processing provider and its algorithms (thin wrappers:
parameters in, one engine call, outputs out)."""
