"""Errors the engine raises for bad input.

The Processing algorithms turn :class:`MineWatchInputError` into a
``QgsProcessingException``, so each message must say what is wrong and how
the user can fix it. Messages are English templates with ``{named}``
fields: the algorithm translates the template (Qt's ``translate`` on the
``MineWatch`` context) and then fills the fields, so the engine stays free
of Qt while its messages remain translatable. Wrap a template in
:func:`translatable` so translation tools can extract it.
"""


def translatable(template):
    """Mark a message template for extraction (like QT_TRANSLATE_NOOP)."""
    return template


class MineWatchInputError(ValueError):
    """Input that the engine cannot work with; the message is for the user.

    ``template`` is the untranslated message, ``values`` fill its fields."""

    def __init__(self, template, **values):
        self.template = template
        self.values = values
        super().__init__(self.render())

    def render(self, translate=None):
        """The message, with the template passed through ``translate`` first."""
        template = translate(self.template) if translate else self.template
        try:
            return template.format(**self.values)
        except (KeyError, IndexError, ValueError):
            # a broken translation must not hide the message
            return self.template.format(**self.values)


class Cancelled(RuntimeError):
    """Raised inside a long loop when the user pressed Cancel."""
