"""What every pipeline shares and nothing pipeline-specific: the constants
(class nodata / ignore label 255, probability nodata −1), the message
channel (translatable :class:`~.messages.Message`, :func:`~.messages.tell`)
and the errors built on it, the progress/cancel protocol, the
:class:`~.outputs.OutputGuard` that removes partial outputs, the dependency
table, the torch device choice, a background prefetcher, heap release and
the HTML report helpers. Imports nothing else of MineWatch."""
