"""The one channel for sentences the user reads: log lines, warnings and
errors of the engine.

The engine stays free of Qt, yet every sentence it produces is
translatable: it is a :class:`Message`, an English template with
``{named}`` fields plus the values, and it is rendered at the edge (the
Processing algorithm) by translating the template first and filling the
fields after, never the other way round. :func:`translatable` marks a
template for the extraction tools (like ``QT_TRANSLATE_NOOP``).

Engine loops report through the feedback they are given (see
:mod:`.progress`): :func:`tell` sends a message to its ``pushInfo`` or
``pushWarning``, translated with the feedback's ``translate`` when it has
one (:class:`TranslatingFeedback`, put on by the algorithms).
"""
from typing import Any


def translatable(template: str) -> str:
    """Mark a message template for extraction (like QT_TRANSLATE_NOOP)."""
    return template


class Message:
    """A user-visible sentence: ``template`` (English, ``{named}`` fields)
    and the ``values`` that fill it."""

    def __init__(self, template, **values):
        self.template = template
        self.values = values

    def render(self, translate=None):
        """The sentence, with the template passed through ``translate`` first."""
        template = translate(self.template) if translate else self.template
        try:
            return template.format(**self.values)
        except (KeyError, IndexError, ValueError):
            # a broken translation must not hide the message
            return self.template.format(**self.values)

    def __str__(self):
        return self.render()

    def __repr__(self):
        return f"Message({self.render()!r})"

    def __eq__(self, other):
        return isinstance(other, Message) and (self.template, self.values) == (
            other.template, other.values)

    __hash__ = None  # type: ignore[assignment]  # equal by value, so not hashable


def tell(feedback: Any, message: Any, warning: bool = False) -> None:
    """Log ``message`` (a :class:`Message` or plain text) through
    ``feedback.pushWarning`` (``warning``) or ``pushInfo`` when the
    feedback has them; silently nowhere otherwise."""
    method = getattr(feedback, "pushWarning" if warning else "pushInfo", None)
    if method is None and warning:
        method = getattr(feedback, "pushInfo", None)
    if method is None:
        return
    if isinstance(message, Message):
        message = message.render(getattr(feedback, "translate", None))
    method(message)


def tell_stage(feedback, message):
    """Show ``message`` (a :class:`Message` or plain text) as the progress
    text (``feedback.setProgressText``: above the dialog's progress bar)
    when the feedback has one."""
    method = getattr(feedback, "setProgressText", None)
    if method is None:
        return
    if isinstance(message, Message):
        message = message.render(getattr(feedback, "translate", None))
    method(message)


class TranslatingFeedback:
    """A feedback that carries a ``translate`` function for :func:`tell`;
    everything else (progress, cancel, pushInfo, …) reaches the wrapped
    feedback unchanged."""

    def __init__(self, feedback, translate):
        self.feedback = feedback
        self.translate = translate

    def __getattr__(self, name):
        return getattr(self.feedback, name)


# qgis_process draws progress as a row of ticks ("0...10...20") without a
# line end, one tick per 2.5 % (QGIS's ConsoleFeedback); a log line written
# after a tick would run on after it ("…70...8030 tiles")
CONSOLE_TICKS_PER_PERCENT = 0.4
CONSOLE_TEXT_METHODS = ("pushInfo", "pushWarning", "reportError", "pushCommandInfo",
                        "pushDebugInfo", "pushConsoleInfo", "pushFormattedMessage",
                        "setProgressText")


class ConsoleLineFeedback(TranslatingFeedback):
    """A :class:`TranslatingFeedback` for a console that draws progress as
    ticks on the current line (``qgis_process``): a text (log line, warning,
    error, progress text) written after a new tick starts on a line of its
    own."""

    def __init__(self, feedback, translate):
        super().__init__(feedback, translate)
        self.last_tick = -1
        self.ticks_pending = False

    def setProgress(self, percent):  # noqa: N802 - the feedback's API
        tick = min(40, max(0, int(float(percent) * CONSOLE_TICKS_PER_PERCENT)))
        if tick > self.last_tick:
            self.last_tick = tick
            self.ticks_pending = True
        self.feedback.setProgress(percent)

    def __getattr__(self, name):
        attribute = getattr(self.feedback, name)
        if name not in CONSOLE_TEXT_METHODS:
            return attribute

        def on_its_own_line(*args, **kwargs):
            if self.ticks_pending:
                # end the tick row first: a newline inside the text would come
                # after the console's own prefix ("WARNING:\t")
                self.feedback.pushInfo("")
                self.ticks_pending = False
            return attribute(*args, **kwargs)
        return on_its_own_line


__all__ = ["CONSOLE_TICKS_PER_PERCENT", "ConsoleLineFeedback", "Message", "TranslatingFeedback",
           "tell", "translatable"]
