"""Synthetic scenes with true labels: mining landscapes (open pits, dumps,
tailings ponds, …) for land damage and villages for building extraction;
terrain, canvas and site helpers shared by both."""
