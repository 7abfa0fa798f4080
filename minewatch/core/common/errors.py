"""Errors the engine raises for bad input, and cancellation.

The Processing algorithms turn :class:`MineWatchInputError` into a
``QgsProcessingException``, so each message must say what is wrong and how
the user can fix it. The message is a :class:`.messages.Message`: an
English template with ``{named}`` fields, translated by the algorithm
before the fields are filled (see :mod:`.messages`).
"""
from .messages import Message, translatable


class MineWatchInputError(ValueError):
    """Input that the engine cannot work with; the message is for the user.

    ``template`` is the untranslated message, ``values`` fill its fields."""

    def __init__(self, template, **values):
        self.message = Message(template, **values)
        super().__init__(self.message.render())

    @property
    def template(self):
        return self.message.template

    @property
    def values(self):
        return self.message.values

    def render(self, translate=None):
        """The message, with the template passed through ``translate`` first."""
        return self.message.render(translate)


class Cancelled(RuntimeError):
    """Raised inside a long loop when the user pressed Cancel."""


__all__ = ["Cancelled", "MineWatchInputError", "translatable"]
