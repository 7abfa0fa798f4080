"""Image preparation before classification: clouds, radiometric harmonisation."""
